"""Forum tags as Discord rules them: a forum's `available_tags` (edited with Manage Channels, at
most 20, new ones get an id) and a post's `applied_tags` (by its owner or with Manage Threads, at
most 5, each one of the forum's)."""

from __future__ import annotations

from collections.abc import Callable

from discord import Permissions

from .payloads import Json
from .rest import Reply, fail

MAX_AVAILABLE_TAGS = 20
MAX_APPLIED_TAGS = 5
MAX_TAG_NAME = 20
MISSING_PERMISSIONS = (403, 50013, "Missing Permissions")


def _invalid_form(field: str, message: str) -> Reply:
    reply = fail(400, 50035, "Invalid Form Body")
    reply.body["errors"] = {field: {"_errors": [{"code": "BASE_TYPE_INVALID", "message": message}]}}
    return reply


def _allows(permissions: int, needed: Permissions) -> bool:
    granted = Permissions(permissions)
    return granted.administrator or (granted.value & needed.value) == needed.value


def edit_available_tags(forum: Json, tags: list[Json], bot_permissions: int,
                        new_id: Callable[[], int]) -> Reply | None:
    """Replace the forum's tags (a refusal, or None once applied); tags sent with an id keep it."""
    if not _allows(bot_permissions, Permissions(manage_channels=True)):
        return fail(*MISSING_PERMISSIONS)
    if len(tags) > MAX_AVAILABLE_TAGS:
        return _invalid_form("available_tags", f"Must be {MAX_AVAILABLE_TAGS} or fewer in length.")
    known = {tag["id"] for tag in forum.get("available_tags", [])}
    edited = []
    for tag in tags:
        name = str(tag.get("name") or "")
        if not 1 <= len(name) <= MAX_TAG_NAME:
            return _invalid_form("available_tags", "Tag names are 1 to 20 characters.")
        tag_id = str(tag["id"]) if tag.get("id") and str(tag["id"]) in known else str(new_id())
        edited.append({"id": tag_id, "name": name, "moderated": bool(tag.get("moderated")),
                       "emoji_id": tag.get("emoji_id"), "emoji_name": tag.get("emoji_name")})
    forum["available_tags"] = edited
    return None


def edit_applied_tags(thread: Json, forum: Json | None, tag_ids: list[object], bot_id: int,
                      bot_permissions: int) -> Reply | None:
    """Set a post's tags (a refusal, or None once applied)."""
    if int(thread["owner_id"]) != bot_id and not _allows(
            bot_permissions, Permissions(manage_threads=True)):
        return fail(*MISSING_PERMISSIONS)
    if len(tag_ids) > MAX_APPLIED_TAGS:
        return _invalid_form("applied_tags", f"Must be {MAX_APPLIED_TAGS} or fewer in length.")
    available = {tag["id"] for tag in (forum or {}).get("available_tags", [])}
    if any(str(tag_id) not in available for tag_id in tag_ids):
        return _invalid_form("applied_tags", "Tags must be tags of the forum.")
    thread["applied_tags"] = [str(tag_id) for tag_id in dict.fromkeys(tag_ids)]
    return None
