"""Small-group protection: counts from 1 to 4 are never shown, nor can they be worked out.

Primary suppression hides every count from 1 to 4. Secondary suppression then makes sure no
hidden count is the only unknown of a group whose total the reader knows (a question's n),
because it could then be found by subtraction: when a group has exactly one unknown, the
smallest shown cell of the group is hidden too. A group may have a `rest` that is never
shown (for a multiple choice option: the members who did not choose it); it is an unknown,
and is protected like a cell when it is itself from 1 to 4.
"""

from __future__ import annotations

SUPPRESSED_BELOW = 5


def is_small(count: int) -> bool:
    """A count that would point at fewer than five members (zero points at no one)."""
    return 0 < count < SUPPRESSED_BELOW


def shown_total(count: int) -> int | None:
    """A total (respondents, a question's n) as it may be shown."""
    return None if is_small(count) else count


def protect(cells: dict[str, int], rest: int | None = None) -> dict[str, int | None]:
    """The cells as they may be shown: None where hidden.

    `cells` plus `rest` (when given) add up to a total the reader knows.
    """
    hidden = {key for key, count in cells.items() if is_small(count)}
    unknowns = len(hidden) + (rest is not None)
    sensitive = bool(hidden) or (rest is not None and is_small(rest))
    if sensitive and unknowns == 1:
        shown = sorted((count, key) for key, count in cells.items() if key not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return {key: None if key in hidden else count for key, count in cells.items()}
