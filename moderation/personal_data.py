"""Personal data in public channels: phone numbers, emails, street addresses, and other
people's health records ("John's MRI report says ...").

Runners write numbers all day (splits "5:10", distances "400 800 1200", dates, heart rates), so
phone patterns need a phone-like shape or words that announce a number. Names are recognised
by capitalisation, with eponyms and days ("Parkinson's disease", "Monday's MRI") set aside.
"""

from __future__ import annotations

import re

from moderation.config import PersonalDataSettings
from moderation.verdict import Finding

# The local part starts only where one can start (not inside a run of its characters), so
# "a.a.a...@" is scanned once, not once from every position (quadratic: 80 ms at 4,000).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)\b")

_PHONE_SHAPES = re.compile(
    r"""
    (?=[+(0-9])(?:
    (?<![\w+])\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,5}){2,5}\b
    | \(\d{3}\)\s?\d{3}[-.\s]\d{4}\b
    | \b\d{3}([-.])\d{3}\1\d{4}\b
    | \b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b
    | \b[2-9]\d{9}\b
    )""",
    re.VERBOSE,
)
_ANNOUNCED_PHONE = re.compile(
    r"""
    \b(?:call|text|phone|ring|whatsapp|reach|contact)\s+(?:me|him|her|them)\s+(?:on|at)\s*:?\s*
        \+?\d[\d\s().-]{6,}\d
    | \b(?:my|his|her|their)\s+(?:phone|number|cell|mobile|phone\s+number)\s+is\s*:?\s*
        \+?\d[\d\s().-]{6,}\d
    """,
    re.VERBOSE,
)
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 9, 15

_STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][a-z']+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl"
    r"|Terrace|Close|Crescent|Grove|Gardens|Parkway|Pkwy|Highway|Hwy|Square|Sq|Row|Mews)\b"
)
_ADDRESS_CUE_BEFORE = re.compile(
    r"(?i:\b(?:live[sd]?\s+(?:at|on)|address\s+is|address:|located\s+at|house\s+(?:is\s+)?(?:at|on)"
    r"|come\s+(?:over\s+)?to|send\s+(?:it|them|stuff|things)\s+to|find\s+(?:me|him|her)\s+at"
    r"|staying\s+at|flat|apt|apartment|unit))\s*:?\s*$"
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
_ANNOUNCED_POSTCODE = re.compile(
    r"(?i:post\s*code|zip(?:\s*code)?)\s+is\s*:?\s*"
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{5})\b",
)
_ADDRESS_LOOKBEHIND, _ADDRESS_LOOKAHEAD = 40, 60

_HEALTH_RECORD = re.compile(
    r"""
    (?<![\w.])(?P<name>[A-Z][a-z]+|<@!?\d+>)(?:'s|s')\s+(?:[a-z]+\s+){0,2}?
    (?i:mri|ct\s+scan|pet\s+scan|x-?rays?|ultrasound|emg|ncs|eeg|ecg|ekg|nerve\s+conduction
      |blood\s*work|blood\s+(?:tests?|results)|lab\s+(?:results|work|report)|test\s+results
      |scan\s+results|biopsy|diagnosis|prognosis|medical\s+(?:records?|reports?|history|notes|file)
      |health\s+records?|prescriptions?|medications?|meds|discharge\s+(?:summary|notes|letter)
      |scans?|genetic\s+test\w*
      |(?:neurologist|doctor|consultant|gp|clinic|hospital|specialist)(?:'s)?\s+
        (?:letter|report|notes))\b
    """,
    re.VERBOSE,
)
_TITLE_BEFORE = re.compile(r"(?i:\b(?:dr|doctor|prof|professor)\.?\s*)$")

_PRIVATELY = "Share contact details by direct message with people you trust, not in public."


class PersonalDataChecker:
    """Contact details and other people's medical details, for public channels only."""

    def __init__(self, settings: PersonalDataSettings) -> None:
        self._settings = settings
        self._allowed_email_domains = {domain.lower() for domain in settings.allowed_email_domains}
        self._not_names = {name.lower() for name in settings.not_names}

    def check(self, original: str) -> list[Finding]:
        """Findings for one public message (the caller skips DMs)."""
        if not self._settings.enabled:
            return []
        findings = []
        if self._has_email(original):
            findings.append(self._finding("The message contains an email address.", _PRIVATELY))
        if _has_phone(original):
            findings.append(self._finding("The message contains a phone number.", _PRIVATELY))
        if _has_address(original):
            findings.append(self._finding("The message contains a street address.", _PRIVATELY))
        if self._has_health_record(original):
            findings.append(
                self._finding(
                    "The message shares another person's medical details (a scan, test, "
                    "diagnosis or prescription).",
                    "Only share someone else's medical details with their permission, and "
                    "without their name.",
                )
            )
        return findings

    def _finding(self, reason: str, advice: str) -> Finding:
        return Finding(
            category="personal_data",
            action=self._settings.action,
            reason=reason,
            advice=advice,
            harm=True,
        )

    def _has_email(self, text: str) -> bool:
        return "@" in text and any(
            match.group(1).lower() not in self._allowed_email_domains
            for match in _EMAIL.finditer(text)
        )

    def _has_health_record(self, text: str) -> bool:
        for match in _HEALTH_RECORD.finditer(text):
            name = match.group("name")
            if name.lower() in self._not_names:
                continue
            if _TITLE_BEFORE.search(text, 0, match.start()):
                continue
            return True
        return False


def _has_phone(text: str) -> bool:
    if _ANNOUNCED_PHONE.search(text):
        return True
    return any(
        _MIN_PHONE_DIGITS <= sum(char.isdigit() for char in match.group(0)) <= _MAX_PHONE_DIGITS
        for match in _PHONE_SHAPES.finditer(text)
    )


def _has_address(text: str) -> bool:
    if _ANNOUNCED_POSTCODE.search(text):
        return True
    for match in _STREET.finditer(text):
        before = text[max(0, match.start() - _ADDRESS_LOOKBEHIND) : match.start()]
        after = text[match.end() : match.end() + _ADDRESS_LOOKAHEAD]
        if _ADDRESS_CUE_BEFORE.search(before) or _POSTCODE.search(after):
            return True
    return False
