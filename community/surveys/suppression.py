"""Small-group protection: counts from 1 to 4 are never shown, nor can they be worked out.

Primary suppression hides every count from 1 to 4. Secondary suppression then makes sure the
hidden counts of a group whose total the reader knows (a question's n) cannot be found by
subtraction: the hidden cells of a group always number at least two and never add up to 1-4
(nor to their own number, which would make each a 1, nor, when all of them are small, to
four times their number, which would make each a 4), so what subtraction yields is a total
of five or more, shared by two or more cells in more than one way. The
cells hidden for that are the shown ones nearest to a hidden cell, whatever their size, and
never a zero: hiding a zero adds nothing to the hidden total, which is how an earlier rule
("the smallest shown cell") let "9 answered 7, 1 answered 6" be read back from
`n=10, 7: 9`; and choosing by size tells the reader a bound on the cell chosen. A group
may have a `rest` that is never shown (for a multiple choice option: the members who did
not choose it); it is an unknown like a hidden cell, and counts in the hidden total.

When every cell that holds anyone is hidden, the zeros are hidden too: beside a known
total, "all hidden but these zeros" can leave one way to fill the cells (seven answers, one
in each of seven hidden cells). A median is shown only when no filling of the hidden cells
could move it (`median_shown`): one on hidden cells would say where they are, and so would
one that shows for some fillings and not for others.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    if not hidden and not (rest is not None and is_small(rest)):
        return dict(cells)

    def unsafe() -> bool:
        unknowns = len(hidden) + (rest is not None)
        total = sum(cells[key] for key in hidden) + (rest or 0)
        # Zeros are shown, so a hidden cell holds at least one: a total no larger than
        # the number of hidden cells would make every one of them a 1. And a cell hidden
        # for being small holds at most four: hidden small cells alone, totalling four
        # each, would all be 4s.
        all_fours = (rest is None and all(is_small(cells[key]) for key in hidden)
                     and total >= 4 * len(hidden))
        return unknowns < 2 or is_small(total) or total <= len(hidden) or all_fours

    keys = list(cells)
    while unsafe():
        # The shown cell nearest to a hidden one (the lower on a tie), never by its size:
        # "the smallest shown cell" would tell a reader that the cell hidden with it is
        # no larger than every shown one, which can pin it down.
        places = [keys.index(key) for key in hidden] or [len(keys)]
        candidates = [(min(abs(index - place) for place in places), index)
                      for index, key in enumerate(keys) if key not in hidden and cells[key] > 0]
        if not candidates:
            break
        hidden.add(keys[min(candidates)[1]])
    if all(key in hidden for key, count in cells.items() if count > 0):
        hidden = set(cells)
    return {key: None if key in hidden else count for key, count in cells.items()}


def median_shown(counts: dict[str, int | None], n: int) -> bool:
    """Whether the median of a scale may be shown beside its protected `counts` (in scale
    order): it may when it is the same however the hidden cells are filled, so it says
    nothing about them. Each middle answer (one, or two for an even n) must then lie in the
    same shown cell for every filling: each hidden cell holding at least one answer, and all
    of them together the hidden total.
    """
    keys = list(counts)
    hidden_total = n - sum(count for count in counts.values() if count is not None)
    middle = {(n + 1) // 2, n // 2 + 1}
    for position in middle:
        for index, key in enumerate(keys):
            count = counts[key]
            if not count:
                continue
            below = sum(counts[k] or 0 for k in keys[:index])
            hidden_below = sum(counts[k] is None for k in keys[:index])
            hidden_above = sum(counts[k] is None for k in keys[index + 1:])
            earliest = below + hidden_total - hidden_above + 1  # the most hidden below
            latest = below + hidden_below + count  # the least hidden below
            if earliest <= position <= latest:
                break
        else:
            return False
    return True


def protected_sums(cells: dict[str, int],
                   sums: dict[str, Sequence[str]]) -> dict[str, int | None]:
    """Totals over groups of `cells` (which together make up a total), as they may be shown.

    The cells are protected as a question's are; a total is shown when it holds no hidden
    cell, or all of them (then it says only what the shown ones and the grand total say).
    A total holding some hidden cells but not others would give away their part. With a
    grand total from 1 to 4, nothing is shown.
    """
    if is_small(sum(cells.values())):
        return dict.fromkeys(sums)
    protected = protect(cells)
    hidden = {key for key, count in protected.items() if count is None}
    shown: dict[str, int | None] = {}
    for name, keys in sums.items():
        inside = hidden.intersection(keys)
        shown[name] = sum(cells[key] for key in keys) if inside in (set(), hidden) else None
    return shown
