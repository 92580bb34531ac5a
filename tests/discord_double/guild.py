"""The community server the double pretends to host: fixed ids, so logs and failures read the same
on every run, and the bot's settings can point at its channels and roles."""

from __future__ import annotations

from dataclasses import dataclass

from discord import Permissions

# Fixed snowflakes from 2023; ids the double creates later are time-based and so always larger.
APPLICATION_ID = 1_100_000_000_000_000_001
GUILD_ID = 1_100_000_000_000_000_100

_MEMBER_PERMISSIONS = Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_application_commands=True,
)
_MODERATOR_PERMISSIONS = Permissions(
    manage_messages=True,
    manage_threads=True,
    moderate_members=True,
    kick_members=True,
    ban_members=True,
    view_audit_log=True,
)
_BOT_PERMISSIONS = _MODERATOR_PERMISSIONS | Permissions(
    manage_channels=True,  # the help forum's tags
    mention_everyone=True,
    create_private_threads=True,
)


@dataclass(frozen=True)
class FakeRole:
    """A guild role; `permissions` is the bit field Discord sends as a string."""

    id: int
    name: str
    permissions: int
    position: int

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass(frozen=True)
class FakeUser:
    """A Discord account; `role_ids` are its roles in the guild (empty for a non-member)."""

    id: int
    username: str
    role_ids: tuple[int, ...] = ()
    bot: bool = False

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass(frozen=True)
class FakeChannel:
    """A guild channel; `type` is Discord's channel type (0 text, 15 forum)."""

    id: int
    name: str
    type: int
    position: int
    topic: str | None = None
    available_tags: tuple[tuple[int, str], ...] = ()

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"


@dataclass(frozen=True)
class FakeGuild:
    """Everything the double serves in READY and GUILD_CREATE.

    The channels and roles are the ones the bot's settings name (help forum, mod log, community,
    moderator and trusted roles), so tests configure the bot from `settings_env()`.
    """

    id: int
    name: str
    application_id: int
    everyone_role: FakeRole
    trusted_role: FakeRole
    moderator_role: FakeRole
    bot_role: FakeRole
    general: FakeChannel
    help_forum: FakeChannel
    mod_log: FakeChannel
    community: FakeChannel
    bot: FakeUser
    member: FakeUser
    moderator: FakeUser
    trusted: FakeUser

    @property
    def roles(self) -> tuple[FakeRole, ...]:
        return (self.everyone_role, self.trusted_role, self.moderator_role, self.bot_role)

    @property
    def channels(self) -> tuple[FakeChannel, ...]:
        return (self.general, self.help_forum, self.mod_log, self.community)

    @property
    def members(self) -> tuple[FakeUser, ...]:
        return (self.bot, self.member, self.moderator, self.trusted)

    def settings_env(self) -> dict[str, str]:
        """The bot's settings (ARCHITECTURE.md names) that point at this guild's ids."""
        return {
            "GUILD_ID": str(self.id),
            "HELP_FORUM_CHANNEL_ID": str(self.help_forum.id),
            "MOD_LOG_CHANNEL_ID": str(self.mod_log.id),
            "COMMUNITY_CHANNEL_ID": str(self.community.id),
            "MODERATOR_ROLE_ID": str(self.moderator_role.id),
            "TRUSTED_ROLE_ID": str(self.trusted_role.id),
        }


def default_guild() -> FakeGuild:
    """The LLC runners' server: four channels, three roles, a bot and three people."""
    trusted = FakeRole(GUILD_ID + 1, "Trusted", _MEMBER_PERMISSIONS.value, 1)
    moderator = FakeRole(GUILD_ID + 2, "Moderator", _MODERATOR_PERMISSIONS.value, 2)
    bot_role = FakeRole(GUILD_ID + 3, "LLC Bot", _BOT_PERMISSIONS.value, 3)
    forum_tags = ((GUILD_ID + 210, "question"), (GUILD_ID + 211, "experience"))
    return FakeGuild(
        id=GUILD_ID,
        name="LLC Runners",
        application_id=APPLICATION_ID,
        everyone_role=FakeRole(GUILD_ID, "@everyone", _MEMBER_PERMISSIONS.value, 0),
        trusted_role=trusted,
        moderator_role=moderator,
        bot_role=bot_role,
        general=FakeChannel(GUILD_ID + 200, "general", 0, 0, "Say hello"),
        help_forum=FakeChannel(GUILD_ID + 201, "ask-for-help", 15, 1, "Ask about LLC", forum_tags),
        mod_log=FakeChannel(GUILD_ID + 202, "mod-log", 0, 2, "Moderator alerts"),
        community=FakeChannel(GUILD_ID + 203, "community", 0, 3, "Runners helping runners"),
        bot=FakeUser(APPLICATION_ID, "llc-bot", (bot_role.id,), bot=True),
        member=FakeUser(GUILD_ID + 301, "river_runner"),
        moderator=FakeUser(GUILD_ID + 302, "coach_mod", (moderator.id,)),
        trusted=FakeUser(GUILD_ID + 303, "trail_veteran", (trusted.id,)),
    )
