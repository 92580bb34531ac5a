"""People using the bot's app commands, buttons, selects and modals, and what they see back."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .core import ChannelRef, DoubleCore
from .events import OptionValue
from .guild import FakeUser
from .payloads import Json
from .records import (
    BotMessage,
    InteractionResult,
    MessageRef,
    Modal,
    RecordedRequest,
    find_component,
    message_id_of,
)

InteractionRef = InteractionResult | Json


class Interacting(DoubleCore):
    """Send INTERACTION_CREATE events (types 2, 3, 4, 5) and wait for the bot's answers."""

    def interaction_slash(
        self,
        name: str,
        options: Mapping[str, OptionValue] | None = None,
        *,
        user: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
    ) -> Json:
        """INTERACTION_CREATE type 2 for a synced command (not sent). `name` may include
        subcommands ("profile set"); users, channels and roles as options are resolved."""
        user = user or self.member
        channel_id = self._channel_for(user, channel, dm=dm)
        return self._events.slash(name, options, user=user, channel_id=channel_id)

    def interaction_component(
        self,
        custom_id: str,
        message_id: int,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        user: FakeUser | None = None,
    ) -> Json:
        """INTERACTION_CREATE type 3 on the stored message `message_id` (not sent)."""
        return self._events.component(
            custom_id,
            message_id,
            user=user or self.member,
            component_type=component_type,
            values=values,
        )

    def interaction_modal_submit(
        self,
        custom_id: str,
        fields: Mapping[str, str | Sequence[str]],
        *,
        user: FakeUser | None = None,
        channel: ChannelRef | None = None,
        message_id: int | None = None,
    ) -> Json:
        """INTERACTION_CREATE type 5; `fields` by input custom_id (not sent)."""
        return self._events.modal_submit(
            custom_id,
            fields,
            user=user or self.member,
            channel_id=self._channel_id(channel),
            message_id=message_id,
        )

    async def send_interaction(self, interaction: Json) -> None:
        await self.send_dispatch("INTERACTION_CREATE", interaction)

    # interactions: waiting for the bot --------------------------------------------------------

    def _webhook_path(self, interaction: InteractionRef) -> str:
        token = re.escape(_payload_of(interaction)["token"])
        return f"/webhooks/{self.guild.application_id}/{token}"

    async def wait_for_callback(
        self, interaction: InteractionRef, *, within: float | None = None
    ) -> RecordedRequest:
        """The bot's accepted initial response (POST /interactions/{id}/{token}/callback)."""
        payload = _payload_of(interaction)
        path = re.compile(re.escape(f"/interactions/{payload['id']}/{payload['token']}/callback"))
        return await self._log.wait_for(
            "POST", path, within=within or self.timeout, successful=True
        )

    async def next_followup(
        self, interaction: InteractionRef, *, within: float | None = None
    ) -> BotMessage:
        """The bot's next follow-up message (POST /webhooks/{app}/{token})."""
        request = await self._log.wait_for(
            "POST",
            re.compile(self._webhook_path(interaction)),
            within=within or self.timeout,
            successful=True,
        )
        return BotMessage(request.response, request)

    async def next_original_edit(
        self, interaction: InteractionRef, *, within: float | None = None
    ) -> BotMessage:
        """The bot's next edit of its original response (PATCH .../messages/@original)."""
        request = await self._log.wait_for(
            "PATCH",
            re.compile(self._webhook_path(interaction) + "/messages/@original"),
            within=within or self.timeout,
            successful=True,
        )
        return BotMessage(request.response, request)

    async def interaction_result(
        self, interaction: Json, *, within: float | None = None
    ) -> InteractionResult:
        """Wait for how the bot answers `interaction` (see `InteractionResult`)."""
        callback = await self.wait_for_callback(interaction, within=within)
        response_type = int(callback.json["type"])
        resource = callback.response["resource"]
        message: BotMessage | None = None
        modal: Modal | None = None
        if response_type in (4, 7) and "message" in resource:
            message = BotMessage(resource["message"], callback)
        elif response_type == 5:
            request = await self._log.wait_for(
                ("POST", "PATCH"),
                re.compile(self._webhook_path(interaction) + "(/messages/@original)?"),
                within=within or self.timeout,
                successful=True,
            )
            message = BotMessage(request.response, request)
        elif response_type == 9:
            modal = Modal.from_callback(callback.json["data"], interaction)
        return InteractionResult(interaction, callback, message, modal)

    async def run_slash(
        self,
        name: str,
        options: Mapping[str, OptionValue] | None = None,
        *,
        user: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
        within: float | None = None,
    ) -> InteractionResult:
        """A person runs `/name options...`; returns once they see the bot's answer."""
        interaction = self.interaction_slash(name, options, user=user, channel=channel, dm=dm)
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)

    async def run_message_command(
        self, name: str, message: Json, *, user: FakeUser | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """A person uses the message menu `name` (Apps > name) on `message`."""
        interaction = self._events.message_command(name, message, user=user or self.member)
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, OptionValue],
        *,
        focused: str,
        user: FakeUser | None = None,
        channel: ChannelRef | None = None,
        dm: bool = False,
        within: float | None = None,
    ) -> list[Json]:
        """The choices ({"name", "value"}) the bot suggests while a person types the `focused`
        option of `/name` (INTERACTION_CREATE type 4, answered with callback type 8)."""
        user = user or self.member
        channel_id = self._channel_for(user, channel, dm=dm)
        interaction = self._events.slash(
            name, options, user=user, channel_id=channel_id, focused=focused
        )
        await self.send_interaction(interaction)
        callback = await self.wait_for_callback(interaction, within=within)
        return callback.json["data"]["choices"]

    def _current_message(self, message: MessageRef) -> Json:
        message_id = message_id_of(message)
        if message_id not in self._state.messages:
            raise LookupError(f"message {message_id} is gone (deleted, or never sent)")
        return self._state.messages[message_id]

    async def click(
        self,
        message: MessageRef,
        *,
        label: str | None = None,
        custom_id: str | None = None,
        user: FakeUser | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """A person clicks the button with `label` (or `custom_id`) on the message as it is now."""
        current = self._current_message(message)
        button = find_component(current, label=label, custom_id=custom_id)
        if button.get("disabled"):
            raise ValueError(f"button {button.get('label')!r} is disabled")
        if "custom_id" not in button:
            raise ValueError(f"button {button.get('label')!r} is a link, not a bot button")
        interaction = self.interaction_component(
            button["custom_id"], int(current["id"]), component_type=button["type"], user=user
        )
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)

    async def select(
        self,
        message: MessageRef,
        values: Sequence[str],
        *,
        placeholder: str | None = None,
        custom_id: str | None = None,
        user: FakeUser | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """A person picks `values` (option values) in a string select on the message."""
        current = self._current_message(message)
        menu = find_component(current, label=placeholder, custom_id=custom_id)
        offered = {option["value"] for option in menu.get("options") or ()}
        if menu["type"] == 3 and not set(values) <= offered:
            raise ValueError(f"values {sorted(set(values) - offered)} are not offered")
        interaction = self.interaction_component(
            menu["custom_id"],
            int(current["id"]),
            component_type=menu["type"],
            values=values,
            user=user,
        )
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)

    async def submit_modal(
        self,
        modal: Modal | InteractionResult,
        values: Mapping[str, str | Sequence[str]],
        *,
        user: FakeUser | None = None,
        within: float | None = None,
    ) -> InteractionResult:
        """A person fills in the modal the bot opened (fields by label or custom_id) and submits.
        Omitted optional fields are sent empty; an omitted required one is an error."""
        if isinstance(modal, InteractionResult):
            if modal.modal is None:
                raise ValueError(f"the bot answered with type {modal.response_type}, not a modal")
            modal = modal.modal
        by_id = {modal.field(key).custom_id: value for key, value in values.items()}
        for field in modal.fields:
            if field.custom_id not in by_id:
                if field.required:
                    raise ValueError(f"required field {field.label!r} left empty")
                by_id[field.custom_id] = "" if field.type == 4 else []
        opener = modal.interaction
        source = opener.get("message")
        interaction = self._events.modal_submit(
            modal.custom_id,
            by_id,
            user=user or self._state.interactions[opener["token"]].user,
            channel_id=int(opener["channel_id"]),
            message_id=int(source["id"]) if source else None,
            modal=modal,
        )
        await self.send_interaction(interaction)
        return await self.interaction_result(interaction, within=within)


def _payload_of(interaction: InteractionRef) -> Json:
    if isinstance(interaction, InteractionResult):
        return interaction.interaction
    return interaction
