"""Is a word ruled out by the member? "No numbness", "never had an MRI", "without tingling".

Only the few words just before the match count, and only within its clause, so the check
costs the same on any text (it never scans back over the whole message).
"""

from __future__ import annotations

import re

WINDOW_CHARS = 48  # about four words back
# ("Tripped on literally nothing" is a place, not a denial.)
_NEGATOR = (r"\b(?:no|not|never|(?<!on\s)(?<!of\s)(?<!for\s)(?<!over\s)(?<!about\s)"
            # ("Without it it's like losing her": a pronoun after "without" denies nothing.)
            r"nothing(?!\s+and\b)|none|without(?!\s+(?:it|this|that|them|him|her)\b)|nor|absent|"
            r"don'?t|doesn'?t|didn'?t|isn'?t|"
            r"wasn'?t|haven'?t|hasn'?t|free\s+of|zero|denies|deny|ruled\s+out|"
            # An examination that looked for a sign is not the sign: "checked for foot drop".
            r"(?:checked|tested|screened|examined|looked)\s+(?:me\s+|us\s+)?for|"
            # A hypothesis is not a symptom: "if it were neurological it would happen on the bike".
            r"would\s+(?:happen|show\s+up|come\s+on|be\s+there))\b")
# Up to three words after the negator, or a list after it that shares it ("never had an MRI
# or an EMG"). The negator is written once: both shapes start with it.
_NEGATORS = re.compile(
    rf"{_NEGATOR}(?:(?:\W+[\w']+){{0,3}}\W*$|[^.;:!?]*\b(?:or|nor)\s+(?:[\w']+\s+){{0,2}}$)"
)
# A new clause starts the window afresh: "the kids don't understand why I'm so flat" does not
# deny being flat.
_BREAK = re.compile(r"[.!?;:,]|\b(?:but|though|although|however|and\s+then|why|because|how|"
                    r"since)\b")


# "...numbness and bladder stuff, it's a no to all of them": ruled out after the words.
AFTER_CHARS = 80
_RULED_OUT_AFTER = re.compile(
    r"\b(?:no\s+to\s+(?:all|both|any|each|either)|none\s+of\s+(?:them|those|these|that)|"
    r"(?:all|both)\s+(?:negative|clear|ruled\s+out)|ruled\s+out|not\s+(?:once|ever|at\s+all)|"
    r"never\s+had\s+(?:any\s+of\s+)?(?:those|them|that)|(?:though|but)\s+(?:i\s+)?never\s+"
    r"(?:actually\s+)?(?:do|did|have|has)|"
    r"without\s+(?:any\s+|a\s+)?(?:problems?|issues?|trouble|difficulty|symptoms?))\b")
# "bladder and bowels completely normal", "walking is totally fine": ruled out right after.
_FINE_AFTER = re.compile(  # bounded everywhere: it may be tried from every position
    r"(?:\s?(?:and|&|or|/)\s?[\w']{1,30})?\s(?:(?:are|is|was|were|both|all|completely|totally|"
    r"perfectly|entirely|still|seem|seems|feel|feels)\s){0,3}(?:100\s?%\s)?(?:normal|fine|ok|okay|"
    r"unaffected|good|clear|negative)\b")
_SENTENCE_END = re.compile(r"[.!?;\n]")
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789'"


def ruled_out_after(text: str, end: int) -> bool:
    """True when the rest of the sentence rules the words out ("it's a no to all of them")."""
    window = text[end : end + AFTER_CHARS]
    rest_of_word = len(window) - len(window.lstrip(_WORD_CHARS))  # "bowel|s completely normal"
    if _FINE_AFTER.match(window, rest_of_word):
        return True
    stop = _SENTENCE_END.search(window)
    return bool(_RULED_OUT_AFTER.search(window[: stop.start()] if stop else window))


# "I feel normal when I walk": fine right before the words, in the same clause.
_FINE_BEFORE = re.compile(r"\b(?:normal|fine|ok|okay|unaffected|no\s+(?:problems?|issues?))\s+$")


# "I read that in the dystonia version it spreads to walking": what the sentence reports is
# someone else's words, not the member's symptom.
_HEARSAY = re.compile(r"(?:i(?:\s+have|'ve|ve)?\s+(?:read|heard)|(?:someone|a\s+friend|people|"
                      r"they)\s+(?:said|say|told\s+me)|apparently)\b")
SENTENCE_CHARS = 200


def reported(text: str, start: int) -> bool:
    """True when the sentence around `start` begins by reporting what was read or said."""
    window = text[max(0, start - SENTENCE_CHARS) : start]
    ends = list(_SENTENCE_END.finditer(window))
    sentence = window[ends[-1].end() :] if ends else window
    return bool(_HEARSAY.match(sentence.lstrip(" >\"'")))


def negated(text: str, start: int) -> bool:
    """True when a negator stands in the (up to) four words before `start`, in its clause, or
    the words just before say it is fine."""
    window = text[max(0, start - WINDOW_CHARS) : start]
    breaks = list(_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return bool(_NEGATORS.search(window) or _FINE_BEFORE.search(window))
