"""The answer contract of `llc-bot ask --json` (ARCHITECTURE.md), shared by every front end."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Source = Literal["summary", "literature", "community"]
TriageLevel = Literal["none", "support", "see_doctor", "urgent", "crisis"]
# The order of the levels, least serious first (ARCHITECTURE.md).
TRIAGE_ORDER: tuple[TriageLevel, ...] = ("none", "support", "see_doctor", "urgent", "crisis")


class Citation(BaseModel):
    """One quoted passage. `community` is used only for saved member answers, never literature."""

    source: Source
    title: str
    section: str
    quote: str
    score: float


class Answer(BaseModel):
    """A grounded answer; `abstained` means the knowledge base does not answer the question."""

    answer: str
    citations: list[Citation] = Field(default_factory=list)
    screening: str
    triage: TriageLevel = "none"
    abstained: bool = False
    triage_reasons: list[str] = Field(default_factory=list)
    # Uncertain risk: moderators are quietly asked to look; nothing is said to the member.
    check_in: bool = False
    # The understanding model's calibrated probabilities, 0-1 (ARCHITECTURE.md's `risk`).
    risk: dict[str, float] = Field(
        default_factory=lambda: {"crisis": 0.0, "low_mood": 0.0, "red_flag": 0.0})
    # The symptom features of a story about LLC, in the profile contract's names, so the bot
    # can offer them as a prefilled profile; never stored from here.
    profile_fields: dict[str, Any] = Field(default_factory=dict)
    # Further relevant passages, kept out of the main answer (at most four sources there):
    # Discord shows them behind a "More from the summary" button, the CLI with `--all`.
    more: list[Citation] = Field(default_factory=list)

    def contract(self, everything: bool = False) -> dict[str, object]:
        """The JSON object of the CLI contract (extra fields kept out of it); `everything`
        appends the further passages to the answer and its citations (`ask --all`)."""
        data = self.model_dump(exclude={"profile_fields", "more"})
        if everything and self.more:
            data["answer"] = self.answer + "\n\n" + more_text(self.more, len(self.citations))
            data["citations"] += [c.model_dump() for c in self.more]
        return data


MORE_HEADER = "More from the summary:"


def more_text(more: list[Citation], cited: int) -> str:
    """The further passages, numbered after the `cited` citations of the main answer."""
    lines = [MORE_HEADER]
    lines += [f"[{n}] \u201c{c.quote}\u201d" for n, c in enumerate(more, start=cited + 1)]
    return "\n".join(lines)
