"""Peer matching in Discord: `/match` shows anonymised cards, a button asks for a double
opt-in introduction, the other runner gets a DM with Accept / Decline, and only when both
agreed does the bot introduce them. A decline is never told to the asker. `/block` and
`/report` (to the mod log) keep people safe.

Everything here translates: who may meet whom, the cards and the rate limit live in
`community` (matching, introductions, rounds); this cog only sends and receives. Cards are
embeds (`bot.cards`: a member's words escaped, a long story cut), and nothing is sent with
mentions enabled but the one notice that names the member it is for. The pool comes from
the process's cache (`community.pool_cache`), and `/match` has a cooldown.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.alerts import ModAlerts
from bot.cards import card_embed
from bot.cooldown import Cooldown
from bot.direct_messages import send_dm
from bot.loop_guard import LoopGuard
from community.delivery import DmClosed, SendFailed
from community.introductions import IntroductionError, IntroductionService
from community.matching import MatchError
from community.profiles import Viewer, card_of
from community.rounds import RoundService
from storage import StorageUnavailable
from storage.records import RoundMember
from storage.timestamps import utc_now

log = logging.getLogger("llc_bot.matching")

SHOWN = 3  # cards per /match: few enough to read, each with its own button
# /match at most this often: the pool changes slowly, and each look costs a search.
MATCH_USES, MATCH_WINDOW_SECONDS = 5, 10 * 60
DM_CLOSED_NOTICE = (
    "<@{member}> I have a direct message for you that I couldn't deliver. To get messages "
    "from me, allow direct messages from members of this server (its Privacy Settings). I "
    "won't mention this again.")
CHECKIN_LABELS = {"helped": "We talked, and it helped", "connected": "We talked",
                  "no": "We didn't connect"}


def _button_types(cog: MatchingCog) -> tuple[type[Any], type[Any], type[Any]]:
    class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                       template=r"llc:intro-(?P<answer>accept|decline):(?P<request>[0-9]+)"):
        """Accept / Decline on an introduction DM; persistent, so a restart keeps it."""

        def __init__(self, answer: str, request_id: int) -> None:
            self.answer = answer
            self.request_id = request_id
            style = (discord.ButtonStyle.success if answer == "accept"
                     else discord.ButtonStyle.secondary)
            super().__init__(discord.ui.Button(
                label=answer.capitalize(), style=style,
                custom_id=f"llc:intro-{answer}:{request_id}"))

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction, item: Any,
                                 match: Any) -> AnswerButton:
            return cls(match["answer"], int(match["request"]))

        async def callback(self, interaction: discord.Interaction) -> None:
            await cog.on_answer(interaction, self.request_id, self.answer == "accept")

    class RoundAskButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                         template=r"llc:round-ask:(?P<round>[0-9]+):(?P<peer>[0-9])"):
        """"Ask for an introduction" under a round's card; the peer is found from the cards
        stored with the message, so the button carries no one's id."""

        def __init__(self, round_id: int, peer_number: int) -> None:
            self.round_id = round_id
            self.peer_number = peer_number
            super().__init__(discord.ui.Button(
                label=f"Ask runner {peer_number + 1} for an introduction",
                style=discord.ButtonStyle.primary,
                custom_id=f"llc:round-ask:{round_id}:{peer_number}"))

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction, item: Any,
                                 match: Any) -> RoundAskButton:
            return cls(int(match["round"]), int(match["peer"]))

        async def callback(self, interaction: discord.Interaction) -> None:
            # The cards the member's message showed, as stored when it was sent: the
            # button asks the runner on its card, whoever else is in the group.
            cards = await cog.store.rounds.cards(self.round_id, interaction.user.id)
            peer = cards[self.peer_number] if self.peer_number < len(cards) else None
            if peer is None:
                await interaction.response.send_message(
                    "That runner can't be asked any more.", ephemeral=True)
                return
            await cog.on_ask(interaction, peer)

    class CheckinButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                        template=r"llc:checkin-(?P<answer>helped|connected|no):(?P<round>[0-9]+)"):
        """The check-in's answers: connected and it helped, connected, or did not connect."""

        def __init__(self, answer: str, round_id: int) -> None:
            self.answer = answer
            self.round_id = round_id
            super().__init__(discord.ui.Button(
                label=CHECKIN_LABELS[answer], style=discord.ButtonStyle.secondary,
                custom_id=f"llc:checkin-{answer}:{round_id}"))

        @classmethod
        async def from_custom_id(cls, interaction: discord.Interaction, item: Any,
                                 match: Any) -> CheckinButton:
            return cls(match["answer"], int(match["round"]))

        async def callback(self, interaction: discord.Interaction) -> None:
            await cog.store.rounds.record_checkin(
                self.round_id, interaction.user.id, connected=self.answer != "no",
                helped=True if self.answer == "helped" else None)
            await interaction.response.edit_message(content="Thank you for telling me.",
                                                    view=None)

    return AnswerButton, RoundAskButton, CheckinButton


class AskView(discord.ui.View):
    """One "Ask for an introduction" button per card; the peers' ids stay on the server."""

    def __init__(self, cog: MatchingCog, asker: int, peers: list[int]) -> None:
        super().__init__(timeout=15 * 60)
        for number, peer in enumerate(peers, start=1):
            button: discord.ui.Button[Any] = discord.ui.Button(
                label=f"Ask runner {number} for an introduction",
                style=discord.ButtonStyle.primary)
            button.callback = self._asker(cog, asker, peer)  # type: ignore[method-assign]
            self.add_item(button)

    @staticmethod
    def _asker(cog: MatchingCog, asker: int, peer: int) -> Any:
        async def ask(interaction: discord.Interaction) -> None:
            if interaction.user.id != asker:
                await interaction.response.send_message("This button isn't for you.",
                                                        ephemeral=True)
                return
            await cog.on_ask(interaction, peer)
        return ask


class MatchingCog(commands.Cog):
    def __init__(self, client: discord.Client, services: Any, alerts: ModAlerts) -> None:
        self.client = client
        self.store = services.store
        self.pools = services.matching_pool
        self.alerts = alerts
        self.community_channel_id = services.settings.community_channel_id
        self.clock = getattr(client, "clock", None) or utc_now
        self.introductions = IntroductionService(services.store, self.clock)
        self.rounds = RoundService(services.store, services.story_vectors, self.clock,
                                   pools=self.pools)
        self.cooldown = Cooldown(MATCH_WINDOW_SECONDS, uses=MATCH_USES)
        self.answer_button, self.round_button, self.checkin_button = _button_types(self)
        self.guard = LoopGuard()

    async def cog_load(self) -> None:
        self.client.add_dynamic_items(self.answer_button, self.round_button,
                                      self.checkin_button)
        self.rounds_tick.start()

    async def cog_unload(self) -> None:
        await self.guard.stop(self.rounds_tick)
        self.client.remove_dynamic_items(self.answer_button, self.round_button,
                                         self.checkin_button)

    @tasks.loop(minutes=10)
    async def rounds_tick(self) -> None:
        """Every ten minutes from ten minutes after start: not at start itself, where the
        work would race the rest of start-up (and a quick stop) for the database."""
        if self.rounds_tick.current_loop > 0:
            async with self.guard.iteration():
                try:
                    await self.tick()
                except Exception as error:  # the loop must outlive any one bad pass
                    log.error("rounds tick failed: %s", type(error).__name__)

    async def tick(self) -> None:
        """Plan the current round (once: it is stored), then send what is due: round
        suggestions at ten in each member's morning, check-ins near the round's end. A
        message that cannot be sent fails alone."""
        try:
            await self.rounds.plan()
            await self.rounds.send_due(self._send_round, self._tell_dm_closed)
            await self.rounds.send_checkins(self._send_checkin, self._tell_dm_closed)
        except StorageUnavailable:
            log.warning("rounds tick skipped: database unavailable")

    @rounds_tick.before_loop
    async def _ready(self) -> None:
        await self.client.wait_until_ready()

    async def _send_round(self, member: RoundMember, cards: list[int]) -> None:
        """The round's message: one card and one button per peer, in the order stored."""
        if not cards:
            await send_dm(self.client, member.member_id,
                          "No match for you this round; you'll be first in line next time. "
                          "/match works any time.")
            return
        pool = await self.pools.get(self.clock())
        if any(peer not in pool.index for peer in cards):
            raise SendFailed()  # a card's runner just left: the next pass deals the cards again
        embeds = [card_embed(card_of(pool.index.entry(peer).profile, Viewer.PEER,
                                     pool.index.entry(peer).visibility), f"Runner {number}")
                  for number, peer in enumerate(cards, start=1)]
        view = discord.ui.View(timeout=None)
        for number in range(len(cards)):
            view.add_item(self.round_button(member.round_id, number))
        await send_dm(self.client, member.member_id,
                      "This round's suggestion: runners whose LLC is like yours. Ask for an "
                      "introduction if you like; they'll be asked too.", embeds=embeds,
                      view=view)

    async def _send_checkin(self, member: RoundMember, cards: list[int]) -> None:
        view = discord.ui.View(timeout=None)
        for answer in ("helped", "connected", "no"):
            view.add_item(self.checkin_button(answer, member.round_id))
        await send_dm(self.client, member.member_id, "This round ends soon. Did you connect "
                      "with your match? Did it help?", view=view)

    async def _tell_dm_closed(self, member_id: int) -> None:
        """Once, in the community channel if there is one: the member's DMs are closed.
        The notice says nothing of matching, and mentions that member only."""
        channel = (self.client.get_channel(self.community_channel_id)
                   if self.community_channel_id else None)
        if not isinstance(channel, discord.abc.Messageable):
            return
        if await self.store.profiles.mark_told_dm_closed(member_id):
            await channel.send(DM_CLOSED_NOTICE.format(member=member_id),
                               allowed_mentions=discord.AllowedMentions(
                                   users=[discord.Object(id=member_id)]))

    @app_commands.command(name="match", description="Runners whose LLC is most like yours, "
                                                    "or who got better")
    @app_commands.describe(mode="most similar, or runners who improved")
    @app_commands.choices(mode=[app_commands.Choice(name="most similar", value="similar"),
                                app_commands.Choice(name="who improved", value="improved")])
    async def match(self, interaction: discord.Interaction, mode: str = "similar") -> None:
        member = interaction.user.id
        wait = self.cooldown.retry_after(member)
        if wait:
            minutes = max(1, round(wait / 60))
            await interaction.response.send_message(
                f"You can look again in {minutes} minute{'s' if minutes > 1 else ''}: the "
                "runners suggested change slowly.", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        pool = await self.pools.get(self.clock())
        if (member not in pool.index
                or await self.store.consents.active(member, "matching") is None):
            await interaction.followup.send(
                "You need a profile and matching consent first (see /start).", ephemeral=True)
            return
        try:
            matches = pool.index.suggest(member, mode, SHOWN)
        except MatchError as error:
            await interaction.followup.send(str(error), ephemeral=True)
            return
        if not matches:
            await interaction.followup.send(
                "No runner to suggest right now; I'll look again in the next round.",
                ephemeral=True)
            return
        embeds = []
        for number, found in enumerate(matches, start=1):
            peer = pool.index.entry(int(found.member))
            embeds.append(card_embed(card_of(peer.profile, Viewer.PEER, peer.visibility),
                                     f"Runner {number}", reason=found.why))
        await interaction.followup.send(
            "Runners whose LLC is like yours. If you ask, they see your card, never your name, "
            "and you meet only if they accept.", embeds=embeds, ephemeral=True,
            view=AskView(self, member, [int(m.member) for m in matches]))

    async def on_ask(self, interaction: discord.Interaction, peer: int) -> None:
        """The asker chose a card: ask the peer by DM, with the asker's own card."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            request, asker_card = await self.introductions.ask(interaction.user.id, peer)
        except IntroductionError as error:
            await interaction.followup.send(str(error), ephemeral=True)
            return
        view = discord.ui.View(timeout=None)
        view.add_item(self.answer_button("accept", request.id))
        view.add_item(self.answer_button("decline", request.id))
        try:
            await send_dm(self.client, peer, "A runner whose LLC is like yours would like to "
                          "be introduced. Only if you accept will I share your names.",
                          embed=card_embed(asker_card, f"Request {request.id}"), view=view)
        except (DmClosed, SendFailed) as error:
            # Never told to the asker: it would say something about the other runner.
            log.info("introduction DM failed: request=%s error=%s", request.id,
                     type(error).__name__)
        log.info("introduction asked: request=%s", request.id)
        await interaction.followup.send(
            f"I asked them (request {request.id}). If they accept, I'll introduce you both by "
            "direct message.", ephemeral=True)

    async def on_answer(self, interaction: discord.Interaction, request_id: int,
                        accept: bool) -> None:
        """The peer's answer; on accept both get each other's handle, on decline no one
        else hears of it, and a request its asker backed out of introduces no one."""
        try:
            decision = await self.introductions.answer(request_id, interaction.user.id, accept)
        except LookupError:
            await interaction.response.send_message("This request isn't for you.",
                                                    ephemeral=True)
            return
        except IntroductionError as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        request = decision.request
        if decision.closed:
            await interaction.response.edit_message(
                content="This request is no longer open, so I introduced no one and shared "
                        "nothing. Thank you for answering.", embeds=[], view=None)
            return
        if not decision.accepted:
            await interaction.response.edit_message(
                content="Declined. They won't be told; thank you for answering.", embeds=[],
                view=None)
            return
        await interaction.response.edit_message(
            content="Accepted: I'm introducing you now.", view=None)
        for member, other in ((request.requester_id, request.target_id),
                              (request.target_id, request.requester_id)):
            try:
                await send_dm(self.client, member, f"You and <@{other}> both agreed to be "
                              "introduced. Say hello whenever suits you.")
            except (DmClosed, SendFailed) as error:
                log.info("introduction DM failed: request=%s error=%s", request.id,
                         type(error).__name__)

    @app_commands.command(name="block", description="Never be matched with or asked by "
                                                    "this member")
    async def block(self, interaction: discord.Interaction, member: discord.User) -> None:
        if member.id == interaction.user.id:
            await interaction.response.send_message("You can't block yourself.",
                                                    ephemeral=True)
            return
        await self.introductions.block(interaction.user.id, member.id)
        await interaction.response.send_message(
            "Blocked: you won't be matched with or asked by them. They aren't told.",
            ephemeral=True)

    @app_commands.command(name="report", description="Tell the moderators about a member")
    @app_commands.describe(reason="what happened, in a few words (moderators only)")
    async def report(self, interaction: discord.Interaction, member: discord.User,
                     reason: app_commands.Range[str, 1, 500]) -> None:
        sent = await self.alerts.send(
            f"Report from <@{interaction.user.id}> about <@{member.id}>: {reason}")
        await interaction.response.send_message(
            "Thank you: the moderators have your report." if sent else
            "I couldn't reach the moderators; please message one directly.", ephemeral=True)
