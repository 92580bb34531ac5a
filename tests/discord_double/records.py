"""What the double hands back to tests: requests it recorded and the messages and modals a user
would see, with helpers to find text and buttons without walking Discord JSON by hand."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .payloads import EPHEMERAL, Json


@dataclass(frozen=True)
class RecordedFile:
    """A file the bot uploaded in a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class RecordedRequest:
    """One REST call from the bot, with what the double answered.

    `path` is relative to the API base (`/channels/1/messages`); `json` is the JSON body, or the
    parsed `payload_json` of a multipart body; `headers` never include Authorization.
    """

    method: str
    path: str
    query: Mapping[str, str]
    json: Any
    files: tuple[RecordedFile, ...]
    headers: Mapping[str, str]
    status: int
    response: Any
    index: int = -1  # position in the bot's requests, set when recorded


def walk_components(components: Any) -> Iterator[Json]:
    """Every component in a tree of action rows, labels, sections and containers."""
    for component in components or ():
        yield component
        yield from walk_components(component.get("components"))
        for key in ("component", "accessory"):
            if key in component:
                yield from walk_components([component[key]])


@dataclass(frozen=True)
class BotMessage:
    """A message the bot created or edited, as the double stored it at that moment."""

    payload: Json
    request: RecordedRequest

    @property
    def id(self) -> int:
        return int(self.payload["id"])

    @property
    def channel_id(self) -> int:
        return int(self.payload["channel_id"])

    @property
    def content(self) -> str:
        return self.payload.get("content") or ""

    @property
    def embeds(self) -> list[Json]:
        return self.payload.get("embeds") or []

    @property
    def components(self) -> list[Json]:
        return self.payload.get("components") or []

    @property
    def flags(self) -> int:
        return int(self.payload.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def text(self) -> str:
        """Content plus every embed's title, description, fields and footer: what a user reads."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for embed_field in embed.get("fields") or ():
                parts += [embed_field.get("name") or "", embed_field.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
        parts += [c.get("content") or "" for c in walk_components(self.components)]
        return "\n".join(part for part in parts if part)

    @property
    def buttons(self) -> list[Json]:
        return [c for c in walk_components(self.components) if c.get("type") == 2]

    @property
    def button_labels(self) -> list[str]:
        return [button.get("label") or "" for button in self.buttons]

    def component(self, *, label: str | None = None, custom_id: str | None = None) -> Json:
        """The component with this label (button) or placeholder (select), or this custom_id."""
        return find_component(self.payload, label=label, custom_id=custom_id)


def find_component(
    message: Json, *, label: str | None = None, custom_id: str | None = None
) -> Json:
    """The component of `message` with this label or placeholder, or this custom_id."""
    for component in walk_components(message.get("components")):
        if custom_id is not None and component.get("custom_id") == custom_id:
            return component
        if label is not None and label in (component.get("label"), component.get("placeholder")):
            return component
    wanted = f"label {label!r}" if label is not None else f"custom_id {custom_id!r}"
    offered = [
        c.get("label") or c.get("placeholder") or c.get("custom_id")
        for c in walk_components(message.get("components"))
        if c.get("type") != 1
    ]
    raise LookupError(f"message {message['id']} has no component with {wanted}; it has {offered}")


@dataclass(frozen=True)
class ModalField:
    """One input of a modal: a text input (type 4) or a select (types 3, 5-8)."""

    custom_id: str
    label: str
    type: int
    required: bool
    in_label: bool


@dataclass(frozen=True)
class Modal:
    """A modal the bot opened (callback type 9), ready to be filled in with `submit_modal`."""

    custom_id: str
    title: str
    fields: tuple[ModalField, ...]
    interaction: Json

    @classmethod
    def from_callback(cls, data: Json, interaction: Json) -> Modal:
        fields: list[ModalField] = []
        for top in data.get("components") or ():
            if top.get("type") == 18:
                inner = top["component"]
                label, in_label = top.get("label") or "", True
            else:
                inner = (top.get("components") or [top])[0]
                label, in_label = inner.get("label") or "", False
            if "custom_id" in inner:
                fields.append(
                    ModalField(
                        custom_id=inner["custom_id"],
                        label=label,
                        type=inner["type"],
                        required=inner.get("required", True),
                        in_label=in_label,
                    )
                )
        return cls(data["custom_id"], data.get("title") or "", tuple(fields), interaction)

    def field(self, key: str) -> ModalField:
        """The field whose label or custom_id is `key`."""
        for modal_field in self.fields:
            if key in (modal_field.label, modal_field.custom_id):
                return modal_field
        raise LookupError(
            f"modal {self.title!r} has no field {key!r}; it has {[f.label for f in self.fields]}"
        )


@dataclass(frozen=True)
class InteractionResult:
    """How the bot answered one interaction.

    `message` is what the user sees: the type-4 reply, the message a type-7 update left, or, after
    a type-5 deferral, the first follow-up or edit of the original response. It is None for a
    type-6 silent acknowledgement (later follow-ups: `double.next_followup(result)`).
    """

    interaction: Json
    callback: RecordedRequest
    message: BotMessage | None
    modal: Modal | None

    @property
    def response_type(self) -> int:
        return int(self.callback.json["type"])

    @property
    def token(self) -> str:
        return self.interaction["token"]

    @property
    def ephemeral(self) -> bool:
        if self.message is not None:
            return self.message.ephemeral
        return bool(int((self.callback.json.get("data") or {}).get("flags") or 0) & EPHEMERAL)


@dataclass(frozen=True)
class ForumPost:
    """A member's new forum post: the thread and its starter message (same id)."""

    thread: Json
    message: Json

    @property
    def id(self) -> int:
        return int(self.thread["id"])


MessageRef = BotMessage | int


def message_id_of(message: MessageRef | Json) -> int:
    """The id of a message given as a BotMessage, a message payload or an id."""
    if isinstance(message, BotMessage):
        return message.id
    if isinstance(message, dict):
        return int(message["id"])
    return int(message)
