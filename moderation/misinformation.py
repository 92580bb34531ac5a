"""Health misinformation and promotion: miracle cures, anti-doctor advice, selling treatments.

These are flagged for a moderator, never removed automatically: health claims need judgement,
and a member sharing what helped them must not be silenced by a pattern. Questions ("has
anyone tried essential oils? did they fix anything?") are not claims and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.config import CategorySettings
from moderation.phrases import PhraseRule, rule
from moderation.verdict import Finding

_TREATMENT = (
    r"(?:supplements?|formula|products?|oils?|pills?|capsules?|programs?|course|protocol"
    r"|tinctures?|powders?|gummies|device|treatments?|cure)"
)
_SALE = (
    r"(?:link\s+in\s+(?:my\s+)?bio|order\s+now|buy\s+now|shop\s+now|limited\s+(?:time|stock|offer)"
    r"|discount|promo|coupon|\d{1,2}\s?%\s+off|use\s+(?:my\s+)?code|dm\s+(?:me\s+)?to\s+order)"
)
_ALTERNATIVE = (
    r"(?:essential\s+oils?|colloidal\s+silver|chlorine\s+dioxide|mms|turpentine|bleach|ivermectin"
    r"|black\s+salve|urine\s+therapy|coffee\s+enemas?|heavy\s+metal\s+detox|detox\w*|homeopath\w*"
    r"|energy\s+healing|reiki|magnets?|cbd)"
)
_HEALS = r"(?:cures?|cured|heals?|healed|fix(?:es|ed)?|reverses?|reversed|eliminates?|gets?\s+rid)"

_CURE_CLAIMS = rule(
    r"""
    \bmiracle\s+(?:cure|treatment|remedy|supplement|pill|oil|protocol)s?\b
    | \b(?:guaranteed|100\s?%|permanent(?:ly)?|instant(?:ly)?|proven|clinically\s+proven)\s+
        (?:to\s+)?(?:cure|fix|heal|reverse|eliminate)\w*
    | \b(?:cures?|reverses?|heals?|eliminates?)\s+(?:llc|dystonia|parkinson'?s|ms|neuropathy
        |nerve\s+damage|it|this|all|everything|any)\b[^.!?\n]{0,40}
        \b(?:guarantee\w*|100\s?%|in\s+\d+\s+(?:days?|weeks?)|naturally|for\s+good|permanently
        |completely|overnight)
    | \b(?:cured|reversed|healed)\s+(?:my|his|her|their)\s+(?:llc|dystonia|parkinson'?s)\s+
        (?:naturally|overnight|in\s+(?:just\s+)?\d+\s+(?:days?|weeks?)
        |with\s+(?:this|one|a\s+simple))
    | \b(?:secret|hidden|ancient)\s+(?:cure|remedy|treatment)\b
    | \bi(?:'ve|\s+have)?\s+(?:found|discovered|have)\s+(?:a|the)\s+(?:natural\s+|real\s+)?cure\b
    | \b100\s?%\s+(?:success|cure|recovery|effective)
    | \bno\s+(?:doctors?|neurologists?|meds|medications?|prescriptions?)\s+(?:needed|required)\b
    | \bone\s+(?:weird|simple)\s+trick\b
    """,
    "The message claims a cure or guaranteed fix; there is no known cure for LLC or "
    "runner's dystonia, so a moderator will review it.",
    "Share your experience as your experience, without promising results to others.",
)

_ANTI_MEDICAL = rule(
    r"""
    \b(?:doctors?|neurologists?|big\s+pharma|the\s+medical\s+(?:industry|establishment|system)
        |they|physios?)\s+(?:don'?t|do\s+not|won'?t|will\s+never)\s+
        (?:want\s+you\s+to\s+know|tell\s+you)
    | \bbig\s+pharma\b[^.!?\n]{0,50}\b(?:hid\w*|suppress\w*|lies?|lying|cover\w*|don'?t\s+want
        |doesn'?t\s+want|won'?t|profits?)
    | (?<!don't\s)(?<!dont\s)(?<!not\s)(?<!never\s)
        \b(?:stop|quit|ditch|skip|avoid|forget)\s+(?:seeing|going\s+to|listening\s+to|trusting
        |wasting\s+(?:time|money)\s+on)\s+(?:your\s+|the\s+|any\s+)?(?:doctors?|neurologists?
        |gps?|physio\w*|pts?|specialists?|physical\s+therapists?|medical\s+advice)
    | (?<!don't\s)(?<!dont\s)(?<!not\s)(?<!never\s)
        \b(?:ditch|drop|fire|forget|skip|avoid)\s+(?:your|the|all)\s+(?:doctors?|neurologists?
        |gps?|physio\w*|pts?|specialists?|physical\s+therapists?)\b
    | \b(?:llc|dystonia|it)\s+is\s+(?:just|simply|really|actually|only|caused\s+by)\s+
        (?:a\s+|an\s+)?(?:\w+\s+){0,2}(?:deficiency|toxicity|heavy\s+metals?|parasites?|candida
        |mou?ld|toxins?)\b
    | \b(?:stop|quit|ditch|throw\s+away|get\s+off|bin)\s+(?:taking\s+)?(?:all\s+)?(?:your|ur)\s+
        (?:meds|medications?|medicine|pills|prescriptions?|botox|baclofen|drugs)
    | \b(?:don'?t|do\s+not|never)\s+need\s+(?:a\s+|your\s+|any\s+)?(?:doctors?|neurologists?
        |meds|medications?)\b(?!\s+for\b)
    | \b(?:doctors?|neurologists?|physios?|they)\s+(?:are|is)\s+(?:all\s+)?(?:lying|hiding
        |in\s+on\s+it|paid\s+to|poisoning)
    | \bprofit\w*\s+(?:from|off)\s+(?:keeping\s+)?(?:you|us|people|patients)\s+(?:sick|ill)
    | \b(?:mri|scans?|x-?rays?|botox|vaccines?|medications?|meds)\s+(?:are|is)\s+
        (?:poison|toxic|a\s+scam)
    | \bvaccines?\s+(?:cause|caused|gave\s+(?:me|him|her|you))\b
    """,
    "The message discourages medical care or claims doctors hide the truth; a moderator "
    "will review it.",
    "Encourage others to keep their clinicians informed about anything they try.",
)

_UNPROVEN_REMEDIES = rule(
    rf"""
    \b{_ALTERNATIVE}\b[^.!?\n]{{0,60}}\b{_HEALS}\b
    | \b{_HEALS}\b[^.!?\n]{{0,40}}\b{_ALTERNATIVE}\b
    """,
    "The message claims an unproven remedy heals or fixes the condition; a moderator will "
    "review it.",
    "Share your experience as your experience, without promising results to others.",
)

_SELLING = rule(
    rf"""
    \b(?:buy|order|purchase|get|try)\s+(?:my|our)\s+(?:\w+\s+)?{_TREATMENT}\b
    | \b(?:my|our)\s+{_TREATMENT}\b[^\n]{{0,120}}{_SALE}
    | \b(?:i|we)\s*(?:sell|am\s+selling|'?m\s+selling|are\s+selling|'?re\s+selling)\b
        [^.!?\n]{{0,40}}\b{_TREATMENT}\b
    | \b{_TREATMENT}\b[^.!?\n]{{0,80}}{_SALE}
    | {_SALE}[^.!?\n]{{0,80}}\b{_TREATMENT}\b
    """,
    "The message sells or promotes a supplement or treatment; a moderator will review it.",
    "Selling to members is not allowed; you can mention what you use without links or codes.",
)


@dataclass(frozen=True, slots=True)
class _Claim:
    rule: PhraseRule
    negatable: bool  # "no miracle cure", "reiki didn't fix anything" deny the claim


_CLAIMS = (
    _Claim(_CURE_CLAIMS, negatable=True),
    _Claim(_ANTI_MEDICAL, negatable=False),  # its phrases carry their own negations
    _Claim(_UNPROVEN_REMEDIES, negatable=True),
    _Claim(_SELLING, negatable=True),
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_CLAUSE_START = re.compile(r"[.!?,;\n]|\bbut\b")
_NEGATION = re.compile(
    r"\b(?:no|not|never|nothing|isn'?t|aren'?t|wasn'?t|didn'?t|doesn'?t|don'?t|won'?t|can'?t"
    r"|cannot)\b"
)
_NEGATION_REACH = 20


def check_misinformation(lower_text: str, settings: CategorySettings) -> list[Finding]:
    """Findings for health claims made as statements; questions and denials are left alone."""
    if not settings.enabled:
        return []
    return [
        Finding(
            category="misinformation",
            action=settings.action,
            reason=claim.rule.reason,
            advice=claim.rule.advice,
        )
        for claim in _CLAIMS
        if any(
            _asserted(lower_text, match, claim)
            for match in claim.rule.finditer(lower_text)
        )
    ]


def _asserted(lower_text: str, match: re.Match[str], claim: _Claim) -> bool:
    sentence_end = _SENTENCE_END.search(lower_text, match.end())
    if sentence_end is not None and sentence_end.group(0) == "?":
        return False
    if not claim.negatable:
        return True
    start = max(0, match.start() - _NEGATION_REACH)
    for clause_start in _CLAUSE_START.finditer(lower_text, start, match.start()):
        start = clause_start.end()
    # Only near the claim's start: a long selling pitch may say "no" about something else.
    end = min(match.end(), match.start() + 2 * _NEGATION_REACH)
    return _NEGATION.search(lower_text, start, end) is None
