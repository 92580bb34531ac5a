"""Waves: which round of a survey is open at a given time, and when it closes.

A periodic survey opens a wave on the first of each month (wave id `YYYY-MM`); members on the
quarterly cadence are invited only in January, April, July and October. A `once` survey has
a single wave that never closes. A conditional invitation's wave is named after its trigger
and the wave that set it off (`after_change:2026-03`), so it is unique per member like any.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from community.surveys.definitions import Survey
from storage.records import SurveyCadence

ONCE_WAVE = "once"
QUARTER_MONTHS = frozenset({1, 4, 7, 10})


@dataclass(frozen=True, slots=True)
class Wave:
    """One round of a survey: answers belong to a wave, and a closed wave takes no changes."""

    id: str
    opens_at: datetime
    closes_at: datetime | None  # None: never closes


def month_start(now: datetime) -> datetime:
    """Midnight UTC on the first of `now`'s month."""
    now = now.astimezone(UTC)
    return datetime(now.year, now.month, 1, tzinfo=UTC)


def current_wave(survey: Survey, now: datetime) -> Wave:
    """The wave of `survey` open at `now` (a periodic survey's may already have closed)."""
    if survey.kind == "once":
        return Wave(ONCE_WAVE, now, None)
    opens = month_start(now)
    return Wave(opens.strftime("%Y-%m"), opens, _closes(survey, opens))


def invited(cadence: SurveyCadence, wave: Wave) -> bool:
    """Whether a member on `cadence` is invited to this wave of a periodic survey."""
    return cadence is SurveyCadence.MONTHLY or wave.opens_at.month in QUARTER_MONTHS


def wave_closes_at(survey: Survey, wave_id: str) -> datetime | None:
    """When answers to this wave stop being correctable, computed from the wave id alone
    (for imported responses, which have no send); None when it never closes or is unknown."""
    if survey.kind == "once" or survey.window_days is None:
        return None
    try:
        opens = datetime.strptime(wave_id, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        return None
    return _closes(survey, opens)


def triggered_wave(trigger_id: str, source_wave: str) -> str:
    """The wave id of a conditional invitation set off by an answer to `source_wave`."""
    return f"{trigger_id}:{source_wave}"


def _closes(survey: Survey, opens: datetime) -> datetime | None:
    return None if survey.window_days is None else opens + timedelta(days=survey.window_days)
