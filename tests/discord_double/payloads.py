"""Discord API v10 JSON objects, built the way Discord sends them.

Pure functions over the fake guild's dataclasses: no state, no I/O. Each object carries every key
discord.py 2.7 reads without a default, so a parse error in the client means a real bug.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from .guild import FakeChannel, FakeGuild, FakeRole, FakeUser

Json = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
ATTACHMENT_SIZE_LIMIT = 25 * 1024 * 1024
EPHEMERAL = 1 << 6
LOADING = 1 << 7
GUILD_JOINED_AT = dt.datetime(2023, 4, 1, tzinfo=dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def now_iso() -> str:
    return iso(dt.datetime.now(dt.UTC))


def user_payload(user: FakeUser) -> Json:
    return {
        "id": str(user.id),
        "username": user.username,
        "global_name": None if user.bot else user.username.replace("_", " ").title(),
        "discriminator": "0",
        "avatar": None,
        "bot": user.bot,
        "public_flags": 0,
    }


def bot_user_payload(user: FakeUser) -> Json:
    """GET /users/@me and READY.user: the private fields of the bot's own account."""
    return {**user_payload(user), "verified": True, "mfa_enabled": False, "flags": 0}


def member_payload(
    user: FakeUser,
    *,
    role_ids: Iterable[int] | None = None,
    nick: str | None = None,
    communication_disabled_until: str | None = None,
    permissions: int | None = None,
    with_user: bool = True,
) -> Json:
    """A guild member; `permissions` only in interactions, `with_user=False` in MESSAGE_CREATE."""
    payload: Json = {
        "roles": [str(role_id) for role_id in (user.role_ids if role_ids is None else role_ids)],
        "nick": nick,
        "avatar": None,
        "joined_at": iso(GUILD_JOINED_AT),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": communication_disabled_until,
    }
    if with_user:
        payload["user"] = user_payload(user)
    if permissions is not None:
        payload["permissions"] = str(permissions)
    return payload


def role_payload(role: FakeRole) -> Json:
    return {
        "id": str(role.id),
        "name": role.name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": False,
        "mentionable": role.position > 0,
        "flags": 0,
    }


def channel_payload(channel: FakeChannel, guild_id: int) -> Json:
    payload: Json = {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(guild_id),
        "name": channel.name,
        "position": channel.position,
        "parent_id": None,
        "topic": channel.topic,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "permission_overwrites": [],
        "last_message_id": None,
        "flags": 0,
    }
    if channel.type == 15:
        payload.update(
            available_tags=[
                {
                    "id": str(tag_id),
                    "name": name,
                    "moderated": False,
                    "emoji_id": None,
                    "emoji_name": None,
                }
                for tag_id, name in channel.available_tags
            ],
            default_reaction_emoji=None,
            default_sort_order=None,
            default_forum_layout=0,
            default_thread_rate_limit_per_user=0,
            default_auto_archive_duration=4320,
        )
    return payload


def thread_payload(
    *,
    thread_id: int,
    guild_id: int,
    parent_id: int,
    owner_id: int,
    name: str,
    thread_type: int = 11,
    applied_tags: Iterable[int] = (),
    message_count: int = 0,
    archived: bool = False,
    locked: bool = False,
) -> Json:
    created = now_iso()
    return {
        "id": str(thread_id),
        "type": thread_type,
        "guild_id": str(guild_id),
        "parent_id": str(parent_id),
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": str(thread_id),
        "rate_limit_per_user": 0,
        "message_count": message_count,
        "member_count": 1,
        "total_message_sent": message_count,
        "flags": 0,
        "applied_tags": [str(tag) for tag in applied_tags],
        "thread_metadata": {
            "archived": archived,
            "auto_archive_duration": 4320,
            "archive_timestamp": created,
            "locked": locked,
            "create_timestamp": created,
        },
    }


def dm_channel_payload(channel_id: int, recipient: FakeUser) -> Json:
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [user_payload(recipient)],
    }


def guild_create_payload(
    guild: FakeGuild, members: Iterable[Json], threads: Iterable[Json] = ()
) -> Json:
    """GUILD_CREATE: `member_count` equals the members sent, so discord.py needs no chunking."""
    member_list = list(members)
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": "Runners with loss of leg coordination",
        "owner_id": str(guild.moderator.id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "features": ["COMMUNITY"],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": str(guild.general.id),
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": str(guild.mod_log.id),
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "max_members": 500000,
        "roles": [role_payload(role) for role in guild.roles],
        "emojis": [],
        "stickers": [],
        "joined_at": iso(GUILD_JOINED_AT),
        "large": False,
        "unavailable": False,
        "member_count": len(member_list),
        "members": member_list,
        "channels": [channel_payload(channel, guild.id) for channel in guild.channels],
        "threads": list(threads),
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def ready_payload(
    guild: FakeGuild, *, session_id: str, resume_gateway_url: str, shard: tuple[int, int] | None
) -> Json:
    payload: Json = {
        "v": 10,
        "user": bot_user_payload(guild.bot),
        "guilds": [{"id": str(guild.id), "unavailable": True}],
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": resume_gateway_url,
        "application": {"id": str(guild.application_id), "flags": 0},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "user_settings": {},
        "geo_ordered_rtc_regions": ["us-east"],
        "auth_session_id_hash": "",
    }
    if shard is not None:
        payload["shard"] = list(shard)
    return payload


def application_payload(guild: FakeGuild) -> Json:
    """GET /oauth2/applications/@me, which `Client.login()` calls after GET /users/@me."""
    return {
        "id": str(guild.application_id),
        "name": guild.bot.username,
        "icon": None,
        "description": "Answers questions about LLC",
        "summary": "",
        "type": None,
        "bot_public": False,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": user_payload(guild.moderator),
        "team": None,
        "flags": 0,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "approximate_guild_count": 1,
        "bot": user_payload(guild.bot),
        "integration_types_config": {"0": {}},
    }


def message_payload(
    *,
    message_id: int,
    channel_id: int,
    author: FakeUser,
    content: str = "",
    guild_id: int | None = None,
    member: Json | None = None,
    mentions: Iterable[Json] = (),
    mention_role_ids: Iterable[int] = (),
    embeds: Iterable[Json] = (),
    components: Iterable[Json] = (),
    attachments: Iterable[Json] = (),
    flags: int = 0,
    message_type: int = 0,
    extra: Mapping[str, Any] | None = None,
) -> Json:
    """A full message object; `guild_id`/`member` only for guild messages, as on the gateway."""
    payload: Json = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": user_payload(author),
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": list(mentions),
        "mention_roles": [str(role_id) for role_id in mention_role_ids],
        "attachments": list(attachments),
        "embeds": list(embeds),
        "components": list(components),
        "reactions": [],
        "pinned": False,
        "type": message_type,
        "flags": flags,
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
    if member is not None:
        payload["member"] = member
    if extra:
        payload.update(extra)
    return payload


def attachment_payload(attachment_id: int, filename: str, content_type: str, size: int) -> Json:
    url = f"https://cdn.discordapp.com/attachments/{attachment_id}/{filename}"
    return {
        "id": str(attachment_id),
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url,
        "content_type": content_type,
    }


def snowflake_at(moment_ms: int, sequence: int) -> int:
    return ((moment_ms - DISCORD_EPOCH_MS) << 22) | (sequence & 0xFFF)


def error_payload(code: int, message: str) -> Json:
    return {"code": code, "message": message}
