""""Start a profile from what you told me": the button under an answer to a member's story.

Clicking it shows the member, privately, the card other runners would see and every value
found, with Save as my profile, Change first (the profile steps, prefilled) and Not now.
The buttons are persistent dynamic items whose custom id carries the asker's id and the
values found (community/profile_prefill.py's code): nothing is stored before Save, and
only the member who asked may use them.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from bot.cogs.profile import ProfileCog, preview
from bot.errors import on_interaction_error
from community.profile_prefill import (
    AlreadyHasProfile,
    PrefillCodeError,
    ProfileOffers,
    decode,
    prefilled_profile,
)
from knowledge.models import Answer

log = logging.getLogger("llc_bot.prefill")

OFFER_LABEL = "Start a profile from what you told me"
LABELS = {
    "offer": (OFFER_LABEL, discord.ButtonStyle.primary),
    "save": ("Save as my profile", discord.ButtonStyle.success),
    "change": ("Change first", discord.ButtonStyle.primary),
    "skip": ("Not now", discord.ButtonStyle.secondary),
}
NOT_YOURS = "This button is for the member who told their story."
CONSENT_NOTE = ("Nothing is saved yet. Saving, here or after changing it, records your yes to "
                "keeping a profile (withdraw any time with /start; /privacy forget deletes it).")


def _button_type(cog: PrefillCog) -> type[Any]:
    class PrefillButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                        template=r"llc:prefill-(?P<action>offer|save|change|skip):"
                                 r"(?P<member>[1-9][0-9]{0,19}):(?P<code>[0-9a-f]+)"):
        """One of the four prefill buttons, bound to the asker and the values found."""

        def __init__(self, action: str, member_id: int, code: str) -> None:
            label, style = LABELS[action]
            super().__init__(discord.ui.Button(
                label=label, style=style, custom_id=f"llc:prefill-{action}:{member_id}:{code}"))
            self.action = action
            self.member_id = member_id
            self.code = code

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction, item: Any,
                                 match: Any) -> PrefillButton:
            return cls(match["action"], int(match["member"]), match["code"])

        async def callback(self, interaction: discord.Interaction) -> None:
            try:
                await cog.on_click(interaction, self.action, self.member_id, self.code)
            except Exception as error:
                await on_interaction_error(interaction, error)

    return PrefillButton


class PrefillCog(commands.Cog):
    """Offers a prefilled profile under answers and carries out its buttons."""

    def __init__(self, client: discord.Client, services: Any, profiles: ProfileCog) -> None:
        self.client = client
        self.offers = ProfileOffers(services.store)
        self.profiles = profiles
        self.button = _button_type(self)

    async def cog_load(self) -> None:
        self.client.add_dynamic_items(self.button)

    async def cog_unload(self) -> None:
        self.client.remove_dynamic_items(self.button)

    async def offer(self, member_id: int, answer: Answer) -> discord.ui.Item[Any] | None:
        """The offer button for this answer, or None (a crisis, too little found, or the
        member has a profile)."""
        if answer.triage == "crisis":
            return None
        code = await self.offers.offer_code(member_id, answer.profile_fields)
        if code is None:
            return None
        log.info("prefilled profile offered: member=%s", member_id)
        return self.button("offer", member_id, code)

    async def on_click(self, interaction: discord.Interaction, action: str, member_id: int,
                       code: str) -> None:
        if interaction.user.id != member_id:
            await interaction.response.send_message(NOT_YOURS, ephemeral=True)
            return
        try:
            fields = decode(code)
        except PrefillCodeError:
            await interaction.response.send_message(
                "I can't read this button any more: /profile create makes a profile.",
                ephemeral=True)
            return
        if action == "skip":
            await interaction.response.edit_message(
                content="Alright, nothing was saved. /start or /profile create whenever you "
                        "like.", view=None)
            return
        if await self.offers.has_profile(member_id):
            await interaction.response.send_message(
                "You have a profile already: /profile view or /profile edit.", ephemeral=True)
            return
        if action == "change":
            await self.profiles.open_prefilled(interaction, fields)
            return
        profile = prefilled_profile(member_id, fields)
        if action == "offer":
            view = discord.ui.View(timeout=None)
            for choice in ("save", "change", "skip"):
                view.add_item(self.button(choice, member_id, code))
            await interaction.response.send_message(
                f"{preview(profile, None, 'Everything I found in what you told me')}\n\n"
                f"{CONSENT_NOTE}", view=view, ephemeral=True)
            return
        try:
            stored = await self.offers.save(member_id, profile)
        except AlreadyHasProfile as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        log.info("prefilled profile saved: member=%s", member_id)
        await interaction.response.edit_message(
            content=f"Saved as your profile. Matching is separate: /start.\n\n"
                    f"{preview(profile, stored.visibility)}", view=None)
