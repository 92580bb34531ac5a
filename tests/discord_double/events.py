"""Builders for the events a test injects: a member's message or forum post, and interactions
(slash command, component, modal submit) shaped like Discord's INTERACTION_CREATE.

Slash commands are looked up among the commands the bot synced, so a command the bot forgot to
register (or registered with other option names) fails here, as it would on Discord.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from . import payloads
from .guild import FakeChannel, FakeRole, FakeUser
from .payloads import Json
from .records import Modal
from .state import DoubleState

OptionValue = str | int | float | bool | FakeUser | FakeChannel | FakeRole

_SUBCOMMAND, _GROUP = 1, 2
_USER, _CHANNEL, _ROLE, _MENTIONABLE = 6, 7, 8, 9
_CONTEXT_GUILD, _CONTEXT_BOT_DM = 0, 1


class UnknownCommand(LookupError):
    """The test invoked a command the bot has not synced where it is invoked."""


def _ref_id(value: OptionValue) -> int:
    return value.id if isinstance(value, FakeUser | FakeChannel | FakeRole) else int(value)


class EventFactory:
    """Builds event payloads against the double's state (ids, members, channels, commands)."""

    def __init__(self, state: DoubleState) -> None:
        self._state = state

    # messages -------------------------------------------------------------------------------

    def message_create(
        self,
        content: str,
        *,
        author: FakeUser,
        channel_id: int,
        mentions: Iterable[FakeUser] = (),
        reply_to: int | None = None,
    ) -> Json:
        """A MESSAGE_CREATE from a person; `reply_to` makes it a reply to that message id."""
        extra: Json = {}
        if reply_to is not None:
            referenced = self._state.messages.get(reply_to)
            extra = {
                "type": 19,
                "message_reference": {
                    "type": 0,
                    "message_id": str(reply_to),
                    "channel_id": str(channel_id),
                },
                "referenced_message": referenced,
            }
        return self._state.user_message(
            channel_id=channel_id, author=author, content=content, mentions=mentions, extra=extra
        )

    def thread_create(
        self,
        title: str,
        content: str,
        *,
        author: FakeUser,
        forum_id: int,
        tag_ids: Sequence[int] = (),
    ) -> tuple[Json, Json]:
        """A forum post: THREAD_CREATE (newly created) and its starter MESSAGE_CREATE, which
        share one id."""
        thread_id = self._state.new_id()
        thread = self._state.add_thread(
            thread_id=thread_id,
            parent_id=forum_id,
            owner_id=author.id,
            name=title,
            applied_tags=tag_ids,
            message_count=1,
        )
        message = self._state.user_message(
            channel_id=thread_id,
            author=author,
            content=content,
            message_id=thread_id,
            extra={"position": 0},
        )
        return {**thread, "newly_created": True}, message

    # interactions ---------------------------------------------------------------------------

    def _interaction(
        self,
        interaction_type: int,
        data: Json,
        *,
        user: FakeUser,
        channel_id: int,
        message: Json | None = None,
    ) -> Json:
        state = self._state
        channel = state.channel(channel_id)
        if channel is None:
            raise LookupError(f"no channel {channel_id} in the double")
        guild_id = state.guild_id_of(channel_id)
        payload: Json = {
            "application_id": str(state.guild.application_id),
            "type": interaction_type,
            "data": data,
            "version": 1,
            "channel_id": str(channel_id),
            "channel": channel,
            "locale": "en-US",
            "app_permissions": str(state.permissions_of(state.guild.bot.id)),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": payloads.ATTACHMENT_SIZE_LIMIT,
        }
        if guild_id is not None:
            member = state.members.get(user.id)
            if member is None:
                raise LookupError(f"{user.username} is not a member of the guild")
            payload.update(
                guild_id=str(guild_id),
                guild={"id": str(guild_id), "locale": "en-US", "features": ["COMMUNITY"]},
                guild_locale="en-US",
                member=member.payload(permissions=state.permissions_of(user.id)),
                authorizing_integration_owners={"0": str(guild_id)},
                context=_CONTEXT_GUILD,
            )
        else:
            payload.update(
                user=payloads.user_payload(user),
                authorizing_integration_owners={"0": "0"},
                context=_CONTEXT_BOT_DM,
            )
        if message is not None:
            payload["message"] = message
        return state.new_interaction(
            payload_without_ids=payload,
            channel_id=channel_id,
            user=user,
            source_message_id=int(message["id"]) if message else None,
        )

    def _synced_command(self, name: str, guild_id: int | None,
                        command_type: int = 1) -> tuple[Json, bool]:
        """The synced command `name` visible here (a slash command, or with `command_type`
        3 a message menu), and whether it is a guild command."""
        scopes = ([guild_id] if guild_id is not None else []) + [None]
        for scope in scopes:
            for command in self._state.commands.get(scope, []):
                if command["name"] == name and int(command.get("type", 1)) == command_type:
                    return command, scope is not None
        where = "this guild" if guild_id is not None else "DMs"
        synced = sorted(c["name"] for cs in self._state.commands.values() for c in cs)
        raise UnknownCommand(f"/{name} is not synced for {where}; synced commands: {synced}")

    def _resolve(self, option_type: int, value: OptionValue, resolved: dict[str, Json]) -> None:
        target = _ref_id(value)
        state = self._state
        if option_type in (_USER, _MENTIONABLE) and target in state.users:
            resolved.setdefault("users", {})[str(target)] = payloads.user_payload(
                state.users[target]
            )
            if target in state.members:
                resolved.setdefault("members", {})[str(target)] = {
                    **state.members[target].payload(with_user=False),
                    "permissions": str(state.permissions_of(target)),
                }
        elif option_type == _CHANNEL and state.channel(target) is not None:
            channel = state.channel(target) or {}
            resolved.setdefault("channels", {})[str(target)] = {
                **channel,
                "permissions": str(state.permissions_of(state.guild.bot.id)),
            }
        elif option_type in (_ROLE, _MENTIONABLE):
            for role in state.guild.roles:
                if role.id == target:
                    resolved.setdefault("roles", {})[str(target)] = payloads.role_payload(role)

    def _leaf_options(
        self,
        schema: Sequence[Json],
        values: Mapping[str, OptionValue],
        resolved: dict[str, Json],
        focused: str | None,
    ) -> list[Json]:
        types = {option["name"]: int(option["type"]) for option in schema}
        unknown = set(values) - set(types)
        if unknown:
            raise UnknownCommand(
                f"options {sorted(unknown)} are not in the synced command (it has {sorted(types)})"
            )
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
        if missing and focused is None:  # while typing, required options may still be empty
            raise UnknownCommand(f"required options {missing} are missing")
        options = []
        for name, value in values.items():
            option_type = types[name]
            if option_type in (_USER, _CHANNEL, _ROLE, _MENTIONABLE):
                self._resolve(option_type, value, resolved)
                wire_value: Any = str(_ref_id(value))
            else:
                wire_value = value
            option: Json = {"name": name, "type": option_type, "value": wire_value}
            if name == focused:
                option["focused"] = True
            options.append(option)
        if focused is not None and focused not in values:
            raise UnknownCommand(f"the focused option {focused!r} needs a (partial) value")
        return options

    def slash(
        self,
        name: str,
        options: Mapping[str, OptionValue] | None,
        *,
        user: FakeUser,
        channel_id: int,
        focused: str | None = None,
    ) -> Json:
        """INTERACTION_CREATE type 2. `name` may hold a subcommand path: "profile set" or
        "mod case close" (group + subcommand); `options` are the leaf's options by name.
        With `focused` (an option name) it is an autocomplete request (type 4) instead."""
        top, *path = name.split()
        guild_id = self._state.guild_id_of(channel_id)
        command, is_guild_command = self._synced_command(top, guild_id)
        schema: Sequence[Json] = command.get("options") or []
        resolved: dict[str, Json] = {}
        chain: list[Json] = []
        for segment in path:
            sub = next((o for o in schema if o["name"] == segment), None)
            if sub is None or int(sub["type"]) not in (_SUBCOMMAND, _GROUP):
                raise UnknownCommand(f"/{top} has no subcommand {segment!r}")
            chain.append({"name": segment, "type": int(sub["type"]), "options": []})
            schema = sub.get("options") or []
        leaf = self._leaf_options(schema, options or {}, resolved, focused)
        if chain:
            chain[-1]["options"] = leaf
            for parent, child in pairwise(chain):
                parent["options"] = [child]
            leaf = [chain[0]]
        data: Json = {"id": command["id"], "name": top, "type": 1, "options": leaf}
        if is_guild_command:
            data["guild_id"] = str(guild_id)
        if resolved:
            data["resolved"] = resolved
        interaction_type = 2 if focused is None else 4
        return self._interaction(interaction_type, data, user=user, channel_id=channel_id)

    def message_command(self, name: str, message: Json, *, user: FakeUser) -> Json:
        """INTERACTION_CREATE type 2 for the message menu `name` used on `message`."""
        channel_id = int(message["channel_id"])
        guild_id = self._state.guild_id_of(channel_id)
        command, is_guild_command = self._synced_command(name, guild_id, command_type=3)
        data: Json = {"id": command["id"], "name": name, "type": 3,
                      "target_id": message["id"],
                      "resolved": {"messages": {message["id"]: message}}}
        if is_guild_command:
            data["guild_id"] = str(guild_id)
        return self._interaction(2, data, user=user, channel_id=channel_id)

    def component(
        self,
        custom_id: str,
        message_id: int,
        *,
        user: FakeUser,
        component_type: int = 2,
        values: Sequence[str] | None = None,
    ) -> Json:
        """INTERACTION_CREATE type 3 carrying the stored message with the view, since discord.py
        routes a non-persistent view's click by that message's id."""
        message = self._state.messages.get(message_id)
        if message is None:
            raise LookupError(f"no message {message_id} in the double")
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        return self._interaction(
            3, data, user=user, channel_id=int(message["channel_id"]), message=message
        )

    def modal_submit(
        self,
        custom_id: str,
        fields: Mapping[str, str | Sequence[str]],
        *,
        user: FakeUser,
        channel_id: int,
        message_id: int | None = None,
        modal: Modal | None = None,
    ) -> Json:
        """INTERACTION_CREATE type 5. `fields` maps an input's custom_id to its text (or to the
        values of a select); with `modal`, inputs are wrapped as the modal declared them."""
        wrapped_in_label = {f.custom_id: f.in_label for f in modal.fields} if modal else {}
        components = []
        for field_id, value in fields.items():
            if isinstance(value, str):
                inner: Json = {"type": 4, "custom_id": field_id, "value": value}
            else:
                inner = {"type": 3, "custom_id": field_id, "values": list(value)}
            if wrapped_in_label.get(field_id, not isinstance(value, str)):
                components.append({"type": 18, "component": inner})
            else:
                components.append({"type": 1, "components": [inner]})
        message = self._state.messages.get(message_id) if message_id else None
        return self._interaction(
            5,
            {"custom_id": custom_id, "components": components},
            user=user,
            channel_id=channel_id,
            message=message,
        )
