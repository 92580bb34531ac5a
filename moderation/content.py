"""The stateless checks on one message's text, and `check_text` for the CLI.

Everything here depends on the text (and the mention counts) alone; volume over time lives in
`antispam.py`, scope and pacing in `moderator.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from knowledge.crisis import CrisisSignal, detect_crisis, follow_up_crisis
from knowledge.understanding import Reading
from moderation.abuse import AbuseChecker
from moderation.config import ModerationConfig
from moderation.links import LinkChecker, extract_links
from moderation.message import MentionCounts
from moderation.message_spam import check_advertising, check_message_spam
from moderation.misinformation import check_misinformation
from moderation.normalise import PreparedText
from moderation.personal_data import PersonalDataChecker
from moderation.scam import check_scam
from moderation.verdict import CrisisOutcome, Finding, Verdict, build_verdict, with_reading


@dataclass(frozen=True, slots=True)
class ContentReport:
    """What the text of one message shows, before scope and pacing are applied."""

    findings: list[Finding]
    crisis: CrisisSignal | None
    links: int
    prepared: PreparedText


class ContentChecker:
    """All text checks for one configuration, compiled once."""

    def __init__(self, config: ModerationConfig) -> None:
        self._config = config
        self._links = LinkChecker(config.links, scam_action=config.scam.action)
        self._personal_data = PersonalDataChecker(config.personal_data)
        self._abuse = AbuseChecker(config.abuse)

    def crisis(self, text: str) -> CrisisSignal | None:
        """Crisis language only, for places where nothing else is checked."""
        if not self._config.crisis.enabled:
            return None
        return detect_crisis(text[: self._config.max_scan_chars])

    def follow_up_crisis(self, text: str) -> CrisisSignal | None:
        """Means, a plan or a time, read as crisis for a member who wrote in crisis lately."""
        if not self._config.crisis.enabled:
            return None
        return follow_up_crisis(text[: self._config.max_scan_chars])

    def check(
        self, text: str, mentions: MentionCounts, *, public: bool, new_member: bool
    ) -> ContentReport:
        """Every text check; personal data only in public channels."""
        config = self._config
        prepared = PreparedText.of(text, config.max_scan_chars)
        lower = prepared.lower
        links = extract_links(lower) if "." in lower else []
        findings = [
            *check_message_spam(prepared.original, mentions, config.antispam),
            *check_advertising(lower, config.spam),
            *check_scam(lower, config.scam),
            *self._links.check(lower, links, new_member=new_member),
            *check_misinformation(lower, config.misinformation),
            *self._abuse.check(lower),
        ]
        if public:
            findings += self._personal_data.check(prepared.original)
        return ContentReport(
            findings=findings, crisis=self.crisis(text), links=len(links), prepared=prepared
        )


def check_text(text: str, config: ModerationConfig | None = None, *,
               reading: Reading | None = None) -> Verdict:
    """The verdict on a text on its own, as if posted in a public channel by a member who is
    not new: what `llc-bot moderation check` prints. `reading` is the understanding model's
    (the same one `llc-bot ask` uses, so the two commands agree on a text)."""
    checker = _default_checker() if config is None else ContentChecker(config)
    report = checker.check(
        text, MentionCounts.from_text(text), public=True, new_member=False
    )
    crisis = None
    if report.crisis is not None:
        crisis = CrisisOutcome(imminent=report.crisis.imminent)
    elif reading is not None and reading.crisis == "act":
        crisis = CrisisOutcome(imminent=reading.imminent)
    return with_reading(build_verdict(report.findings, crisis), reading)


@lru_cache(maxsize=1)
def _default_checker() -> ContentChecker:
    return ContentChecker(ModerationConfig.defaults())
