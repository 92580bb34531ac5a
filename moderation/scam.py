"""Scams: fake giveaways, money and crypto schemes, "DM me for the cure", account-theft lures.

Phishing lookalike links are judged in `links.py`; these are the words around them.
"""

from __future__ import annotations

from moderation.config import CategorySettings
from moderation.phrases import PhraseRule, phrase_findings, rule
from moderation.verdict import Finding

_COMPROMISED = (
    "If you didn't post this yourself, your account may be compromised: change your password "
    "and turn on two-factor authentication."
)

SCAM_RULES: tuple[PhraseRule, ...] = (
    rule(
        r"""
        \bfree\s+(?:discord\s+)?nitro\b
        | \bnitro\s+(?:for\s+free|giveaway|gift(?:ed)?|generator|drop|codes?)\b
        | \bclaim\s+(?:your|a|the|ur)\s+(?:free\s+)?(?:[$£€]?\d+\s+)?(?:\w+\s+)?
            (?:nitro|gift|reward|prize|skin|bonus|voucher|card|code)s?\b
        | \bgiv(?:e|ing)\s+away\s+(?:my\s+|free\s+)?(?:discord\s+)?nitro\b
        | \bsteam\s+(?:gift|wallet|card|giveaway|voucher|code)\w*
        | [$£€]\s?\d+\s+(?:steam|amazon|apple|google\s+play)?\s*gift\s*cards?
        | \bfree\s+(?:steam|skins|robux|v-?bucks|gift\s*cards?|iphones?|airpods)\b
        | \bairdrop\b
        | \bgiveaway\b[^.!?\n]{0,60}\b(?:click|claim|dm)\b
        """,
        "The message looks like a fake giveaway (free Nitro, gift cards or game items), a "
        "common way to steal accounts.",
        _COMPROMISED,
    ),
    rule(
        r"""
        \b(?:crypto|bitcoin|btc|eth(?:ereum)?|usdt|forex|nfts?|binary\s+options?)\b
            [^.!?\n]{0,60}\b(?:invest\w*|profit\w*|returns?|earn\w*|double|guarantee\w*|signals?
            |mentor\w*|trading\s+platform|account\s+manager|dm\s+me|payouts?|income)\b
        | \b(?:invest\w*|profit\w*|earn\w*|double\s+your|guarantee\w*|passive\s+income)\b
            [^.!?\n]{0,60}\b(?:crypto|bitcoin|btc|forex|nfts?)\b
        | \b(?:earn|make|made|making|earning|earned)\s+(?:over\s+|up\s+to\s+)?
            (?:[$£€]\s?\d[\d,.]*k?|\d[\d,.]*k?\s*(?:usd|dollars|pounds|euros|[$£€]))
            \s*(?:(?:a|per|every|each|in\s+(?:just\s+)?\d+|within)\s+(?:days?|weeks?|hours?|months?)
            |daily|weekly|monthly|hourly)\b
        | \b(?:teach|show)\s+you\s+how\s+to\s+(?:make|earn)\s+(?:money|[$£€]\s?\d|\d)
        | \b(?:work\s+from\s+home|passive\s+income|financial\s+freedom)\b
            [^.!?\n]{0,80}(?:\bdm\b|\bmessage\b|\bcontact\b|whatsapp|telegram|\bclick\b|[$£€])
        | \bdouble\s+your\s+(?:money|investment|income)\b
        | \b(?:guaranteed\s+)?\d{2,4}\s?%\s+(?:returns?|profits?|roi|gains?)\b
        | \b(?:made|earned|making|earning|make|earn)\s+[$£€]?\d[\d,.]*k?\b[^.!?\n]{0,40}
            \b(?:trading|crypto|forex|bitcoin|invest\w*|from\s+home|online)\b
        | \b(?:trading|forex|crypto|investment)\s+(?:app|bot|platform|signals?|group|mentor)\b
            [^.!?\n]{0,60}(?:\bdm\b|\bmessage\b|\bmade\b|\bearn\w*|\bprofit\w*|[$£€])
        """,
        "The message looks like a money or investment scheme.",
        "Please don't advertise money-making or investment offers here.",
    ),
    rule(
        r"""
        \b(?:dm|message|pm|inbox|text|contact|whatsapp|telegram|email)\s+(?:me|us)\b[^.!?\n]{0,50}
            (?:\b(?:the\s+|a\s+|my\s+)?(?:cure|secret|remedy|miracle)\b
            |\bhow\s+i\s+(?:cured|healed|fixed|beat|got\s+rid\s+of)\b
            |\b(?:investment|profit|opportunity)\b)
        | \b(?:cure|remedy|secret|miracle)\b[^.!?\n]{0,50}
            \b(?:dm|message|pm|inbox|whatsapp|telegram)\s+(?:me|us)\b
        """,
        "The message offers a cure or a secret treatment in private messages, a pattern used "
        "by scammers who target people with health problems.",
        "Share what helped you openly in the channel, with sources, so others can weigh it.",
    ),
    rule(
        r"""
        \baccidentally\s+reported\s+(?:you|your)\b
        | \bis\s+(?:this|that)\s+you\s+in\s+(?:this|the)\s+(?:video|photo|pic)\b
        | \b(?:verify|confirm)\s+your\s+(?:account|identity)\b[^.!?\n]{0,40}\b(?:link|click|here)\b
        | \byour\s+account\s+(?:will\s+be|has\s+been|is\s+being)\s+
            (?:banned|suspended|disabled|terminated|deleted)\b
        """,
        "The message looks like an account-theft lure (a fake report, video or verification).",
        _COMPROMISED,
    ),
)


def check_scam(lower_text: str, settings: CategorySettings) -> list[Finding]:
    """Findings for scam phrases in one message."""
    if not settings.enabled:
        return []
    return phrase_findings(SCAM_RULES, lower_text, "scam", settings.action, harm=True)
