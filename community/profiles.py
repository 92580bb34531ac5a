"""Symptom profiles: the contract of ARCHITECTURE.md, who may see which field, and the card.

The field names and values are the summary's own dimensions, the same in the database, the
command line and the baseline survey. A profile is only ever stored with the member's
`profile` consent (the repository checks it); `consent` here is what an import file asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Side = Literal["left", "right", "both"]
Muscle = Literal["calves", "hamstrings", "quadriceps", "glutes", "hip_flexors", "foot_ankle"]
Movement = Literal[
    "hip_flexion", "hip_rotation", "knee_extension", "foot_splay", "ankle_inversion_eversion",
    "toe_clawing",
]
Trigger = Literal[
    "longer_runs", "faster_pace", "flat_surfaces", "races", "long_fast_intervals", "any_running"
]
Tolerated = Literal["easy_pace_rough_terrain", "short_fast_intervals"]
Level = Literal["unrestricted", "some_restrictions", "far_below", "stopped"]
Strategy = Literal[
    "hip_thigh_strength", "physical_therapy", "training_changes", "extended_break", "surgery",
    "medication", "botulinum_toxin",
]
Outcome = Literal["helped", "no_change", "worse"]
Test = Literal["mri", "emg", "nerve_conduction", "straight_leg_raise", "other"]
Wants = Literal["similar", "improved", "either"]
Rounds = Literal["off", "2w", "4w"]

#: Best first: a smaller rank is a better level of running.
LEVELS: tuple[str, ...] = ("unrestricted", "some_restrictions", "far_below", "stopped")
CONSENT_SCOPES: tuple[str, ...] = ("profile", "matching", "story")

# The symptom fields, in the order the contract lists them (member, story etc. excluded).
SYMPTOM_FIELDS: tuple[str, ...] = (
    "side", "muscles", "movements", "triggers", "tolerated", "onset_age", "years_since_onset",
    "weekly_km_before", "level_at_worst", "level_now", "tried", "tests_done", "other_diagnoses",
)
LIST_FIELDS: tuple[str, ...] = ("muscles", "movements", "triggers", "tolerated", "tests_done",
                                "other_diagnoses")


class ProfileError(ValueError):
    """A profile that breaks the contract; the message names the field, for a person."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class Consent(BaseModel):
    """What the member said yes to; anything not given is a no."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: bool = False
    matching: bool = False
    story: bool = False


class Profile(BaseModel):
    """One member's profile, exactly the JSON object of the contract."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    member: str
    side: Side | None = None
    muscles: list[Muscle] = Field(default_factory=list)
    movements: list[Movement] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)
    tolerated: list[Tolerated] = Field(default_factory=list)
    onset_age: int | None = Field(default=None, ge=5, le=100)
    years_since_onset: float | None = Field(default=None, ge=0, le=80)
    weekly_km_before: float | None = Field(default=None, ge=0, le=500)
    level_at_worst: Level | None = None
    level_now: Level | None = None
    tried: dict[Strategy, Outcome] = Field(default_factory=dict)
    tests_done: list[Test] = Field(default_factory=list)
    other_diagnoses: list[str] = Field(default_factory=list)
    story: str | None = Field(default=None, max_length=4000)
    timezone: str | None = None
    wants: Wants = "either"
    rounds: Rounds = "4w"
    consent: Consent = Field(default_factory=Consent)

    @field_validator("member", mode="before")
    @classmethod
    def _discord_id(cls, value: Any) -> str:
        text = str(value).strip() if isinstance(value, int | str) else ""
        if not text.isdigit() or not 0 < int(text) < 2**63:
            raise ValueError("must be a Discord user id (digits)")
        return text

    @field_validator("muscles", "movements", "triggers", "tolerated", "tests_done")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        return list(dict.fromkeys(values))

    @field_validator("other_diagnoses")
    @classmethod
    def _clean_texts(cls, values: list[str]) -> list[str]:
        return [value.strip() for value in values if value.strip()]

    @field_validator("story")
    @classmethod
    def _blank_story_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("timezone")
    @classmethod
    def _iana_zone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("not an IANA time zone name such as Europe/Berlin") from error
        return value.strip()

    @property
    def member_id(self) -> int:
        """The contract carries the member as a string (JSON has no 64-bit ints); the store
        keys by the number."""
        return int(self.member)

    @property
    def improved(self) -> bool:
        """Better running now than at the worst, or some strategy helped: the `improved` mode."""
        if (self.level_now is not None and self.level_at_worst is not None
                and LEVELS.index(self.level_now) < LEVELS.index(self.level_at_worst)):
            return True
        return "helped" in self.tried.values()

    def contract(self) -> dict[str, Any]:
        """The JSON object of the contract, leaving out what is not set."""
        return self.model_dump(mode="json", exclude_none=True)


def parse_profile(data: Any) -> Profile:
    """A Profile from one JSON object; ProfileError names the first field that is wrong."""
    if not isinstance(data, dict):
        raise ProfileError("profile", "must be a JSON object")
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        # List positions say nothing to a person; the value itself is named instead.
        location = [str(part) for part in first["loc"] if not isinstance(part, int)]
        field = location[0] if location else "profile"
        if first["type"] == "extra_forbidden":
            problem = "is not a profile field" if len(location) == 1 else (
                f"{location[-1]!r} is not allowed here")
        elif first["type"] == "literal_error":
            problem = f"{first['input']!r} is not one of {_expected(first)}"
        elif first["type"] == "missing":
            problem = "is required"
        else:
            problem = first["msg"].removeprefix("Value error, ")
        if len(location) > 1 and first["type"] != "extra_forbidden":
            problem = f"{'.'.join(location[1:])}: {problem}"
        raise ProfileError(field, problem) from None


def _expected(error: Any) -> str:
    return str(error.get("ctx", {}).get("expected", "the allowed values"))


class Visibility(StrEnum):
    """Who may see a field besides its owner."""

    ME = "me"  # only the member
    PEERS = "peers"  # matched peers (and moderators)
    MODERATORS = "moderators"  # moderators only


class Viewer(StrEnum):
    """Who is looking at a profile: what each field's visibility allows depends on it."""

    SELF = "self"
    PEER = "peer"
    MODERATOR = "moderator"


# What a member shares without choosing: the symptom picture, which is the point of
# matching, goes to peers; what could identify them (age, diagnoses, story, zone) stays theirs.
DEFAULT_VISIBILITY: dict[str, Visibility] = {
    "side": Visibility.PEERS,
    "muscles": Visibility.PEERS,
    "movements": Visibility.PEERS,
    "triggers": Visibility.PEERS,
    "tolerated": Visibility.PEERS,
    "onset_age": Visibility.MODERATORS,
    "years_since_onset": Visibility.PEERS,
    "weekly_km_before": Visibility.PEERS,
    "level_at_worst": Visibility.PEERS,
    "level_now": Visibility.PEERS,
    "tried": Visibility.PEERS,
    "tests_done": Visibility.MODERATORS,
    "other_diagnoses": Visibility.ME,
    "story": Visibility.ME,
    "timezone": Visibility.ME,
}


def visibility_with(overrides: dict[str, str] | None) -> dict[str, Visibility]:
    """The defaults with the member's choices applied; an unknown field or level is an error.

    Without choices this is DEFAULT_VISIBILITY itself (shared: do not mutate it)."""
    if not overrides:
        return DEFAULT_VISIBILITY
    chosen = dict(DEFAULT_VISIBILITY)
    for field, level in (overrides or {}).items():
        if field not in chosen:
            raise ProfileError(field, "has no visibility setting")
        try:
            chosen[field] = Visibility(level)
        except ValueError:
            raise ProfileError(field, f"visibility {level!r} is not me, peers or moderators") \
                from None
    return chosen


def can_see(visibility: Visibility, viewer: Viewer) -> bool:
    """Whether `viewer` may see a field shared at `visibility`."""
    if viewer is Viewer.SELF:
        return True
    if viewer is Viewer.PEER:
        return visibility is Visibility.PEERS
    return visibility in (Visibility.PEERS, Visibility.MODERATORS)


_WORDS = {
    "hip_flexors": "hip flexors", "foot_ankle": "foot and ankle", "hip_flexion": "hip flexion",
    "hip_rotation": "hip rotation", "knee_extension": "knee extension",
    "foot_splay": "foot splaying", "ankle_inversion_eversion": "ankle rolling in or out",
    "toe_clawing": "toe clawing", "longer_runs": "longer runs", "faster_pace": "faster pace",
    "flat_surfaces": "flat surfaces", "long_fast_intervals": "long fast intervals",
    "any_running": "any running", "easy_pace_rough_terrain": "easy pace on rough terrain",
    "short_fast_intervals": "short fast intervals", "some_restrictions": "running with some limits",
    "far_below": "running far below their usual", "stopped": "stopped running",
    "unrestricted": "running without limits", "hip_thigh_strength": "hip and thigh strength work",
    "physical_therapy": "physical therapy", "training_changes": "training changes",
    "extended_break": "a long break", "botulinum_toxin": "botulinum toxin",
    "no_change": "no change", "nerve_conduction": "nerve conduction",
    "straight_leg_raise": "straight leg raise", "mri": "MRI", "emg": "EMG",
}


def words(value: str) -> str:
    """A vocabulary value as plain words."""
    return _WORDS.get(value, value.replace("_", " "))


def join_words(values: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(values) <= 1:
        return "".join(values)
    return f"{', '.join(values[:-1])} and {values[-1]}"


@dataclass(frozen=True, slots=True)
class Card:
    """What `viewer` may see of a profile: labelled lines of the vocabulary's words, and the
    member's own words apart (`story`, `other_diagnoses`), which a front end must escape
    and may have to shorten."""

    lines: tuple[tuple[str, str], ...]
    other_diagnoses: tuple[str, ...] = ()
    story: str | None = None
    title: str = "A runner with LLC"

    def text(self) -> str:
        """The card as plain lines, words unescaped (for the member's own preview)."""
        lines = [self.title, *(f"{label}: {value}" for label, value in self.lines)]
        if self.other_diagnoses:
            lines.append(f"Other diagnoses: {', '.join(self.other_diagnoses)}")
        if self.story:
            lines.append(f"Story: {self.story}")
        return "\n".join(lines)


def card_of(profile: Profile, viewer: Viewer,
            visibility: dict[str, Visibility] | None = None) -> Card:
    """The anonymised card `viewer` sees: no id, no name, only the fields shared with them.

    A member previews their own card as a peer would see it by passing Viewer.PEER.
    """
    shown = visibility or DEFAULT_VISIBILITY

    def visible(field: str) -> bool:
        value = getattr(profile, field)
        return value not in (None, [], {}) and can_see(shown[field], viewer)

    lines: list[tuple[str, str]] = []
    if visible("side"):
        lines.append(("Leg", "both legs" if profile.side == "both" else f"{profile.side} leg"))
    for field, label in (("muscles", "Muscles"), ("movements", "Movements"),
                         ("triggers", "Worse with"), ("tolerated", "Still fine with"),
                         ("tests_done", "Tests done")):
        if visible(field):
            lines.append((label, join_words([words(v) for v in getattr(profile, field)])))
    if visible("onset_age"):
        lines.append(("Age at onset", str(profile.onset_age)))
    if visible("years_since_onset"):
        lines.append(("Years since onset", f"{profile.years_since_onset:g}"))
    if visible("weekly_km_before"):
        lines.append(("Weekly km before", f"{profile.weekly_km_before:g}"))
    if visible("level_at_worst"):
        lines.append(("At worst", words(profile.level_at_worst or "")))
    if visible("level_now"):
        lines.append(("Now", words(profile.level_now or "")))
    if visible("tried"):
        lines.append(("Tried", ", ".join(f"{words(s)} ({words(o)})"
                                         for s, o in profile.tried.items())))
    if visible("timezone"):
        lines.append(("Time zone", profile.timezone or ""))
    story = (profile.story if visible("story") and (viewer is Viewer.SELF
                                                    or profile.consent.story) else None)
    diagnoses = tuple(profile.other_diagnoses) if visible("other_diagnoses") else ()
    return Card(lines=tuple(lines), other_diagnoses=diagnoses, story=story)


def card(profile: Profile, viewer: Viewer,
         visibility: dict[str, Visibility] | None = None) -> str:
    """`card_of` as plain text."""
    return card_of(profile, viewer, visibility).text()


# The fields that make a match meaningful, most useful first.
_KEY_FIELDS: tuple[str, ...] = ("side", "muscles", "triggers", "level_at_worst", "level_now",
                                "tried", "movements", "years_since_onset", "story")


def completeness(profile: Profile) -> tuple[float, str]:
    """The share of the key fields filled in, and a hint naming what would help most."""
    missing = [f for f in _KEY_FIELDS if getattr(profile, f) in (None, [], {})]
    share = 1 - len(missing) / len(_KEY_FIELDS)
    if not missing:
        return share, "Your profile is complete."
    names = join_words([f.replace("_", " ") for f in missing[:3]])
    return share, f"Your profile is {share:.0%} complete; adding {names} gives better matches."
