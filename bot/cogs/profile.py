"""`/start` (welcome and consent buttons) and `/profile create|edit|view|delete`.

A profile is entered in three modals of at most five components each (Discord's limit):
the symptoms as select menus, then the course and what was tried, then the numbers, time
zone and story as text. Each step is saved as it is submitted (only `member` is required),
so a member can stop after any step; a modal can only open from an interaction, so the
reply to each step carries the button that opens the next. Nothing is stored before the
member's profile consent, which `/start` records with its scope and time.
"""

from __future__ import annotations

import logging
from typing import Any, get_args

import discord
from discord import app_commands
from discord.ext import commands

from bot.cards import card_text
from community.match_pool import profile_of
from community.profile_text import check_profile_text
from community.profiles import (
    CONSENT_SCOPES,
    DEFAULT_VISIBILITY,
    Level,
    Movement,
    Muscle,
    Outcome,
    Profile,
    ProfileError,
    Strategy,
    Test,
    Tolerated,
    Trigger,
    Viewer,
    Visibility,
    card_of,
    completeness,
    parse_profile,
    visibility_with,
    words,
)
from storage.errors import ConsentRequired
from storage.records import SurveyCadence

log = logging.getLogger("llc_bot.profile")

WELCOME = (
    "**Welcome!** This server is for distance runners who lose leg coordination while "
    "running (LLC). I answer questions from the community's summary and its papers, and I "
    "can put you in touch with runners whose LLC is like yours, or who got better.\n"
    "I am not a doctor: for new, spreading or worrying symptoms, please see one.\n\n"
    "Nothing about you is stored until you say yes. Choose what I may do (you can withdraw "
    "any time with the last button, or delete everything with /privacy forget):\n"
    "\N{BULLET} **Profile**: keep your symptom profile.\n"
    "\N{BULLET} **Matching**: suggest you to other runners and include you in rounds.\n"
    "\N{BULLET} **Story**: use your own words to find runners like you.\n"
    "\N{BULLET} **Surveys**: a short monthly check-in by DM (`/survey join` changes how "
    "often, `/survey leave` stops it)."
)
SCOPE_LABELS = {"profile": "Yes: keep my profile", "matching": "Yes: match me",
                "story": "Yes: use my story"}
STEPS = 3


def _options(values: tuple[str, ...], chosen: list[str]) -> list[discord.SelectOption]:
    return [discord.SelectOption(label=words(v)[:100], value=v, default=v in chosen)
            for v in values]


def _select(values: tuple[str, ...], chosen: list[str], many: bool) -> discord.ui.Select[Any]:
    return discord.ui.Select(options=_options(values, chosen), min_values=0,
                             max_values=len(values) if many else 1, required=False)


class ProfileStep(discord.ui.Modal):
    """One step of the profile: at most five components, prefilled with what is saved."""

    def __init__(self, cog: ProfileCog, step: int, current: dict[str, Any],
                 prefilled: dict[str, Any] | None = None) -> None:
        super().__init__(title=f"Your LLC profile ({step} of {STEPS})", timeout=15 * 60)
        self.cog = cog
        self.step = step
        self.prefilled = prefilled  # values from the member's story, saved only on submit
        self.selects: dict[str, tuple[discord.ui.Select[Any], bool]] = {}
        self.texts: dict[str, discord.ui.TextInput[Any]] = {}
        if step == 1:
            self._choice("side", "Which leg?", ("left", "right", "both"), current, many=False)
            self._choice("muscles", "Muscles affected", get_args(Muscle), current)
            self._choice("movements", "Movements that go wrong", get_args(Movement), current)
            self._choice("triggers", "What makes it worse", get_args(Trigger), current)
            self._choice("tolerated", "What still goes fine", get_args(Tolerated), current)
        elif step == 2:
            self._choice("level_at_worst", "Running at your worst", get_args(Level), current,
                         many=False)
            self._choice("level_now", "Running now", get_args(Level), current, many=False)
            tried = [f"{s}:{o}" for s, o in (current.get("tried") or {}).items()]
            options = tuple(f"{s}:{o}" for s in get_args(Strategy) for o in get_args(Outcome))
            menu = discord.ui.Select(
                options=[discord.SelectOption(
                    label=f"{words(v.split(':')[0])}: {words(v.split(':')[1])}"[:100], value=v,
                    default=v in tried) for v in options],
                min_values=0, max_values=len(get_args(Strategy)), required=False)
            self.selects["tried"] = (menu, True)
            self.add_item(discord.ui.Label(text="What you tried, and how it went",
                                           component=menu))
            self._choice("tests_done", "Tests done", get_args(Test), current)
            self._choice("wants", "Who would you like to meet?",
                         ("similar", "improved", "either"), current, many=False)
        else:
            for name, label in (("onset_age", "Age when it started"),
                                ("years_since_onset", "Years since it started"),
                                ("weekly_km_before", "Weekly km before LLC"),
                                ("timezone", "Time zone (e.g. Europe/Berlin)")):
                value = current.get(name)
                self._text(name, label, "" if value is None else f"{value:g}"
                           if isinstance(value, float) else str(value),
                           discord.TextStyle.short)
            self._text("story", "Your story, in your words (optional)",
                       current.get("story") or "", discord.TextStyle.paragraph)

    def _choice(self, name: str, label: str, values: tuple[str, ...], current: dict[str, Any],
                many: bool = True) -> None:
        chosen = current.get(name) or []
        menu = _select(values, chosen if isinstance(chosen, list) else [chosen], many)
        self.selects[name] = (menu, many)
        self.add_item(discord.ui.Label(text=label, component=menu))

    def _text(self, name: str, label: str, value: str, style: discord.TextStyle) -> None:
        field: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=label, default=value or None, required=False, style=style,
            max_length=2000 if style is discord.TextStyle.paragraph else 60)
        self.texts[name] = field
        self.add_item(field)

    def values(self) -> dict[str, Any]:
        """What the member entered in this step, in the contract's names and shapes."""
        entered: dict[str, Any] = {}
        for name, (menu, many) in self.selects.items():
            if name == "tried":
                entered[name] = dict(value.split(":") for value in menu.values)
            else:
                entered[name] = list(menu.values) if many else (
                    menu.values[0] if menu.values else None)
        for name, field in self.texts.items():
            entered[name] = field.value.strip() or None
        return entered

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.cog.save_step(interaction, self.step, self.values(), self.prefilled)


class NextStep(discord.ui.View):
    """The button that opens the next modal (a modal cannot open another)."""

    def __init__(self, cog: ProfileCog, step: int) -> None:
        super().__init__(timeout=15 * 60)
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=f"Continue: step {step} of {STEPS}", style=discord.ButtonStyle.primary)

        async def open_step(interaction: discord.Interaction) -> None:
            await cog.open_step(interaction, step)

        button.callback = open_step  # type: ignore[method-assign]
        self.add_item(button)


class ConsentButtons(discord.ui.View):
    """/start's choices: each Yes records one consent (scope and time); the last withdraws."""

    def __init__(self, cog: ProfileCog, member: int) -> None:
        super().__init__(timeout=30 * 60)
        for scope in CONSENT_SCOPES:
            self.add_item(self._button(SCOPE_LABELS[scope], discord.ButtonStyle.success,
                                       cog.consents_granted, member, scope))
        self.add_item(self._button("Yes: monthly surveys", discord.ButtonStyle.success,
                                   cog.surveys_joined, member, None))
        self.add_item(self._button("Make my profile", discord.ButtonStyle.primary,
                                   cog.open_first_step, member, None))
        self.add_item(self._button("Withdraw all", discord.ButtonStyle.danger,
                                   cog.consents_withdrawn, member, None))

    @staticmethod
    def _button(label: str, style: discord.ButtonStyle, action: Any, member: int,
                scope: str | None) -> discord.ui.Button[Any]:
        button: discord.ui.Button[Any] = discord.ui.Button(label=label, style=style)

        async def pressed(interaction: discord.Interaction) -> None:
            if interaction.user.id != member:
                await interaction.response.send_message("This button isn't for you.",
                                                        ephemeral=True)
                return
            await (action(interaction, scope) if scope else action(interaction))

        button.callback = pressed  # type: ignore[method-assign]
        return button


class ProfileCog(commands.GroupCog, group_name="profile",
                 group_description="Your symptom profile, for finding runners like you"):
    def __init__(self, services: Any) -> None:
        self.store = services.store
        self.surveys = services.surveys
        super().__init__()

    async def consents_granted(self, interaction: discord.Interaction, scope: str) -> None:
        await self.store.consents.grant(interaction.user.id, scope)
        await interaction.response.send_message(
            f"Thank you: recorded your yes to **{scope}**.", ephemeral=True)

    async def surveys_joined(self, interaction: discord.Interaction) -> None:
        """The surveys' own opt-in (it records the `surveys` consent with its time)."""
        await self.surveys.join(interaction.user.id, SurveyCadence.MONTHLY)
        await interaction.response.send_message(
            "Thank you: you'll get a short check-in by DM each month. `/survey leave` stops "
            "it, `/survey join` can make it quarterly.", ephemeral=True)

    async def consents_withdrawn(self, interaction: discord.Interaction) -> None:
        for scope in CONSENT_SCOPES:
            await self.store.consents.withdraw(interaction.user.id, scope)
        if await self.store.surveys.enrolment(interaction.user.id) is not None:
            await self.surveys.leave(interaction.user.id)
        await interaction.response.send_message(
            "Withdrawn: your profile is hidden, you won't be matched, and no surveys will be "
            "sent. /profile delete removes your profile.", ephemeral=True)

    async def open_first_step(self, interaction: discord.Interaction) -> None:
        await self.open_step(interaction, 1)

    async def open_step(self, interaction: discord.Interaction, step: int) -> None:
        """Open a step's modal, prefilled; without profile consent, say how to give it."""
        if await self.store.consents.active(interaction.user.id, "profile") is None:
            await interaction.response.send_message(
                "I need your yes to keep a profile first: run /start.", ephemeral=True)
            return
        stored = await self.store.profiles.get(interaction.user.id)
        current = profile_of(stored).contract() if stored else {}
        await interaction.response.send_modal(ProfileStep(self, step, current))

    async def open_prefilled(self, interaction: discord.Interaction,
                             prefilled: dict[str, Any]) -> None:
        """The first step with the values found in the member's story; submitting it is the
        member's yes to keeping a profile."""
        await interaction.response.send_modal(ProfileStep(self, 1, prefilled, prefilled))

    async def save_step(self, interaction: discord.Interaction, step: int,
                        entered: dict[str, Any],
                        prefilled: dict[str, Any] | None = None) -> None:
        """Merge a step into the saved profile (or into the values found in the member's
        story, recording the profile consent first); a bad value is named, nothing is lost."""
        member = interaction.user.id
        stored = await self.store.profiles.get(member)
        if prefilled is not None and stored is not None:
            await interaction.response.send_message(
                "You have a profile already: /profile view or /profile edit.", ephemeral=True)
            return
        current = profile_of(stored).contract() if stored else (prefilled or {})
        merged = {key: value for key, value in {**current, **entered}.items()
                  if value is not None and key != "consent"}
        try:
            profile = parse_profile({**merged, "member": str(member)})
            check_profile_text(profile)
            if prefilled is not None:
                await self.store.consents.grant(member, "profile")
            await self.store.profiles.save(member, profile.model_dump(
                exclude={"member", "consent"}), visibility=stored.visibility if stored else None)
        except (ProfileError, ConsentRequired) as error:
            await interaction.response.send_message(f"Not saved: {error}", ephemeral=True)
            return
        if step < STEPS:
            await interaction.response.send_message(
                f"Saved step {step}. You can stop here, or go on.",
                view=NextStep(self, step + 1), ephemeral=True)
            return
        await interaction.response.send_message(await self._preview(member), ephemeral=True)

    @app_commands.command(name="create", description="Make your profile (three short steps)")
    async def create(self, interaction: discord.Interaction) -> None:
        await self.open_step(interaction, 1)

    @app_commands.command(name="edit", description="Change your profile")
    @app_commands.describe(step="1: symptoms, 2: course and what you tried, 3: numbers and story")
    async def edit(self, interaction: discord.Interaction,
                   step: app_commands.Range[int, 1, STEPS] = 1) -> None:
        await self.open_step(interaction, step)

    @app_commands.command(name="view", description="Your profile, and the card other "
                                                   "runners would see")
    async def view(self, interaction: discord.Interaction) -> None:
        if await self.store.profiles.get(interaction.user.id) is None:
            await interaction.response.send_message(
                "You have no profile yet: /start, then /profile create.",
                ephemeral=True)
            return
        await interaction.response.send_message(await self._preview(interaction.user.id),
                                                ephemeral=True)

    @app_commands.command(name="visibility", description="Who may see one field of your "
                                                         "profile")
    @app_commands.describe(field="A field of your profile", who="Who may see it besides you")
    @app_commands.choices(
        field=[app_commands.Choice(name=words(name)[:100], value=name)
               for name in DEFAULT_VISIBILITY],
        who=[app_commands.Choice(name="only me", value=Visibility.ME.value),
             app_commands.Choice(name="matched peers (and moderators)",
                                 value=Visibility.PEERS.value),
             app_commands.Choice(name="moderators only", value=Visibility.MODERATORS.value)])
    async def visibility(self, interaction: discord.Interaction,
                         field: app_commands.Choice[str], who: app_commands.Choice[str]) -> None:
        """Change one field's visibility, then show the card exactly as others will see it."""
        stored = await self.store.profiles.get(interaction.user.id)
        if stored is None:
            await interaction.response.send_message(
                "You have no profile yet: /start, then /profile create.", ephemeral=True)
            return
        chosen = {**stored.visibility, field.value: who.value}
        await self.store.profiles.save(interaction.user.id, stored.fields, visibility=chosen)
        await interaction.response.send_message(
            f"**{field.name}**: {who.name}.\n\n" + await self._preview(interaction.user.id),
            ephemeral=True)

    @app_commands.command(name="delete", description="Delete your profile")
    async def delete(self, interaction: discord.Interaction) -> None:
        deleted = await self.store.profiles.delete(interaction.user.id)
        await interaction.response.send_message(
            "Your profile is deleted." if deleted else "You had no profile.", ephemeral=True)

    async def _preview(self, member: int) -> str:
        stored = await self.store.profiles.get(member)
        assert stored is not None
        return preview(profile_of(stored), stored.visibility)


def preview(profile: Profile, visibility: dict[str, str] | None,
            entered: str = "Everything you entered") -> str:
    """The card other runners would see, everything the member gave, and what would help."""
    _, hint = completeness(profile)
    peer_card = card_text(card_of(profile, Viewer.PEER, visibility_with(visibility)))
    return (f"**What other runners would see:**\n{peer_card}\n\n"
            f"**{entered}:**\n{card_text(card_of(profile, Viewer.SELF))}\n\n{hint}")


class StartCog(commands.Cog):
    """`/start`: the welcome and the consent buttons, for new and returning members; a new
    member of the community's server gets the same welcome by DM."""

    def __init__(self, profiles: ProfileCog, guild_id: int | None = None) -> None:
        self.profiles = profiles
        self.guild_id = guild_id

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        if member.bot or (self.guild_id is not None and member.guild.id != self.guild_id):
            return
        try:
            await member.send(WELCOME, view=ConsentButtons(self.profiles, member.id))
        except discord.HTTPException:
            # DMs closed: /start in the server gives the same welcome.
            log.info("welcome DM not delivered: member=%s", member.id)

    @app_commands.command(name="start", description="Welcome: what this bot does, and your "
                                                    "consent choices")
    async def start(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            WELCOME, view=ConsentButtons(self.profiles, interaction.user.id), ephemeral=True)
