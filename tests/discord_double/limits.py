"""Discord's size limits on a message, as the API enforces them: the double records what the
bot sends, and a test asks whether Discord would have taken it."""

from __future__ import annotations

from typing import Any

CONTENT = 2000
EMBEDS = 10
EMBED_TOTAL = 6000  # title, description, field names and values, footer, author: all embeds
TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER = 256, 4096, 25, 256, 1024, 2048


def limit_problems(body: dict[str, Any]) -> list[str]:
    """What in a message body Discord would refuse (empty: it fits)."""
    problems = []
    content = body.get("content") or ""
    if len(content) > CONTENT:
        problems.append(f"content has {len(content)} characters (max {CONTENT})")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS:
        problems.append(f"{len(embeds)} embeds (max {EMBEDS})")
    total = 0
    for number, embed in enumerate(embeds, start=1):
        parts = {"title": (embed.get("title") or "", TITLE),
                 "description": (embed.get("description") or "", DESCRIPTION),
                 "footer": ((embed.get("footer") or {}).get("text") or "", FOOTER)}
        for name, (text, limit) in parts.items():
            total += len(text)
            if len(text) > limit:
                problems.append(f"embed {number} {name} has {len(text)} characters (max {limit})")
        fields = embed.get("fields") or []
        if len(fields) > FIELDS:
            problems.append(f"embed {number} has {len(fields)} fields (max {FIELDS})")
        for field in fields:
            for key, limit in (("name", FIELD_NAME), ("value", FIELD_VALUE)):
                text = field.get(key) or ""
                total += len(text)
                if len(text) > limit:
                    problems.append(f"embed {number} field {key} has {len(text)} characters "
                                    f"(max {limit})")
    if total > EMBED_TOTAL:
        problems.append(f"embeds have {total} characters in all (max {EMBED_TOTAL})")
    return problems
