"""Abuse: insults aimed at people, threats, telling someone to harm themselves, and slurs.

This is a support community where people vent, so swearing alone is allowed ("my damn
hamstring", "fuck this injury"); what counts is a word aimed at a person ("you absolute
clown", "you're pathetic", "<@123> is an idiot"). The vocabulary is better-profanity's word
list, minus the community's allow list (anatomy, medicine, runner talk), plus its own insults.
better-profanity's own matcher takes ~15 ms for a 60-character message (it compares every word
against ~900 variant objects), far over the 0.5 ms budget, so its list is loaded into a set and
matched per token, with its character substitutions ("@" for "a", "1" for "i") undone first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from knowledge.needles import may_match, needles
from moderation.config import AbuseSettings
from moderation.verdict import Finding

_CLAUSE = re.compile(r"[.!?;,:()\"\n]+|\s[-–]\s|\s(?:but|because|cos|though)\s")
_MENTION = re.compile(r"<@[!&]?\d+>")
_TOKEN = re.compile(r"<mention>|[a-z0-9*]+(?:['-][a-z0-9*]+)*")
_LEET = str.maketrans(
    {"@": "a", "4": "a", "0": "o", "1": "i", "3": "e", "$": "s", "5": "s", "7": "t"}
)
_REPEATS = re.compile(r"(.)\1{2,}")

_YOU = frozenset({"you", "u", "ya", "yall", "y'all", "youse"})
_YOU_ARE = frozenset({"you're", "youre", "ur", "ure", "you'r"})
_ARE = frozenset({"are", "r", "were", "sound", "look", "act", "seem"})
_GROUP = frozenset({"people", "guys", "lot", "all", "lads", "two", "both"})
_FILLER = frozenset({
    "a", "an", "the", "such", "so", "just", "really", "truly", "literally", "being", "like",
    "absolute", "absolutely", "complete", "completely", "total", "totally", "utter", "utterly",
    "fucking", "fuckin", "effing", "freaking", "frickin", "bloody", "damn", "goddamn", "big",
    "little", "sad", "sorry", "massive", "huge", "pure", "actual", "right", "proper", "tiny",
    "most", "very", "too", "biggest", "worst", "dumbest", "stupidest",
})
_NEGATION = frozenset({"not", "no", "never", "isn't", "isnt", "aren't", "arent", "ain't", "aint"})
_PERSON = frozenset({
    "person", "man", "woman", "guy", "human", "runner", "individual", "poster", "member",
})
# After the insult, a word like these means the insult was the point ("you idiot, why...");
# any other word means it described something else ("thank you stupid legs").
_CLAUSE_GO_ON = frozenset({
    "i", "you", "we", "they", "he", "she", "it", "im", "why", "who", "what", "how", "when",
    "and", "so", "or", "if", "to", "for", "lol", "lmao", "haha", "ffs", "smh", "seriously",
    "honestly", "go", "get", "shut", "stop", "just", "need", "should", "can", "cant", "can't",
    "don't", "dont", "did", "do", "is", "are", "was", "were", "will", "would", "again", "too",
    "here", "there", "now", "man", "mate", "bro", "dude",
})
_AFTER_PREDICATE = _CLAUSE_GO_ON | _PERSON
_TARGET_SUBJECTS = frozenset({"op", "<mention>"})
_TARGET_DEMONSTRATIVE = frozenset({"this", "that"})
_TARGETS = _YOU | _YOU_ARE | _TARGET_SUBJECTS | _TARGET_DEMONSTRATIVE
_TARGET_NOUNS = frozenset({"guy", "dude", "person", "clown", "idiot", "woman", "man", "poster"})
_IS = frozenset({"is", "s", "was", "are"})  # "s": the tail of "<@123>'s"

_THREATS = re.compile(
    r"""
    \b(?=[a-z])(?:
    \bf+u+c*k+\s*(?:you+|u+|ya|yourself|urself|off\s+(?:you|u)\b)
    | \bgo\s+(?:fuck|screw)\s+(?:yourself|urself)\b
    | \bscrew\s+(?:you|u)\b
    | \bshut\s+(?:the\s+(?:fuck|hell)\s+)?up\s+(?:you|u)\b
    | \bshut\s+the\s+fuck\s+up\b | \bstfu\b | \bgtfo\b
    | \bkys\b | \bkill\s+(?:yo)?urself\b | \bkill\s+your\s+self\b
    | \bgo\s+(?:and\s+)?(?:die|drown|jump\s+off)\b | \bdrop\s+dead\b
    | \bget\s+fucked\b | \bpiss\s+off\s+(?:you|u)\b | \beat\s+shit\b | \bsuck\s+my\b
    | \b(?:hope|wish)\s+(?:you|u)\s+(?:die|get\s+(?:hit|hurt|run\s+over|cancer|worse)|break
        |never\s+(?:run|walk|recover)|rot|suffer|choke)\b
    | \b(?:i'?ll|i\s+will|gonna|going\s+to)\s+(?:find|hurt|kill|beat|punch|smash|end|hunt|stab
        |shoot|batter|come\s+for)\s+(?:you|u)\b
    | \b(?:nobody|no\s+one)\s+(?:likes|wants|cares\s+about)\s+(?:you|u)\b
    | \b(?:nobody|no\s+one)\s+(?:cares\s+about|asked\s+for|wants)\s+(?:your|ur)\s+
        (?:stupid|dumb|pathetic|fucking|whining|sob|little|shit)
    | \b(?:you|u)\s+(?:suck|stink)\b
    | \b(?:your|ur)\s+(?:advice|post|opinion|take|comment|argument|message|idea|logic|point)s?\s+
        (?:is|are)\s+(?:total\s+|complete\s+|utter\s+)?(?:garbage|trash|bullshit|shit|crap
        |stupid|pathetic|worthless)\b
    | \b(?:you|u|you'?re|ur|u\s+r|you\s+are)\s+(?:[a-z]+\s+){0,3}?
        (?:piece\s+of\s+(?:shit|crap|garbage|trash)|waste\s+of\s+(?:space|oxygen|air))\b
    | \bshut\s+(?:your|ur)\s+(?:mouth|face|trap|gob)\b
    | \b(?:nobody|no\s+one)\s+wants\s+to\s+(?:hear|read)\s+(?:your|you|ur)\b
    | \b(?:you'?re|you\s+are|ur|u\s+r)\s+(?:just\s+|obviously\s+|clearly\s+|totally\s+)?
        (?:faking|making\s+(?:it|this|that)\s+up|attention[\s-]seeking|lying)\b
    )""",
    re.VERBOSE,
)
_THREAT_NEEDLES = needles(_THREATS)
# Clauses that open by dismissing someone: "fuck off", "stop whining", "get over it".
_DISMISSAL_VERBS = frozenset({"stop", "quit"})
_DISMISSED = frozenset({"whining", "crying", "moaning", "bitching"})
_DISMISSIVE_OPENINGS = (
    ["fuck", "off"], ["get", "over", "it"], ["grow", "up"], ["man", "up"], ["harden", "up"],
    ["toughen", "up"], ["go", "cry"],
)
_READ_AHEAD = 16
_OPENING_WORDS = _DISMISSAL_VERBS | {phrase[0] for phrase in _DISMISSIVE_OPENINGS}
# Words that describe before an insult: "you whiny loser", "you crazy bastard".
_DESCRIBING_ENDINGS = ("y", "ish", "ing", "ed", "ic", "ous", "less", "ful")

_AIMED = "The message insults or threatens a person."
_SLUR = "The message contains a slur."
_ADVICE = (
    "Disagree with the idea, not the person; if someone upset you, tell a moderator instead of "
    "replying in kind."
)


class AbuseChecker:
    """Finds abuse aimed at people in one message."""

    def __init__(self, settings: AbuseSettings) -> None:
        self._settings = settings
        allowed = {word.lower() for word in settings.allow_words}
        listed = {word for word in _profanity_words() if " " not in word}
        self._insults = frozenset(
            (listed | {word.lower() for word in settings.insult_words}) - allowed - _FILLER
        )
        self._slurs = frozenset(word.lower() for word in settings.slurs)
        self._wildcards = _by_length(self._insults | self._slurs | _FILLER)

    def check(self, lower_text: str) -> list[Finding]:
        """At most one finding: a slur, or abuse aimed at someone."""
        if not self._settings.enabled:
            return []
        # Disguises undone once for the whole text: "1d10t" -> "idiot", "stuuupid" -> "stupid".
        text = _REPEATS.sub(r"\1", _MENTION.sub(" <mention> ", lower_text).translate(_LEET))
        if "*" not in text and self._nothing_to_aim(set(_TOKEN.findall(text))):
            # No slur, no target and no dismissive opening anywhere: only the threats can
            # match, and the clause by clause reading (the costly part) is skipped.
            return [self._finding(_AIMED)] if self._threatens(text) else []
        clauses = [self._words(clause) for clause in _CLAUSE.split(text)]
        if any(not self._slurs.isdisjoint(words) for words in clauses):
            return [self._finding(_SLUR)]
        if self._threatens(text) or any(
            _dismissive_opening(words) or (not _TARGETS.isdisjoint(words) and self._aimed(words))
            for words in clauses
        ):
            return [self._finding(_AIMED)]
        return []

    @staticmethod
    def _threatens(text: str) -> bool:
        return may_match(_THREAT_NEEDLES, text) and _THREATS.search(text) is not None

    def _nothing_to_aim(self, vocabulary: set[str]) -> bool:
        return (
            self._slurs.isdisjoint(vocabulary)
            and _TARGETS.isdisjoint(vocabulary)
            and _OPENING_WORDS.isdisjoint(vocabulary)
        )

    def _finding(self, reason: str) -> Finding:
        return Finding(
            category="abuse", action=self._settings.action, reason=reason, advice=_ADVICE
        )

    def _words(self, clause: str) -> list[str]:
        """The clause's words, a masked one ("f*cking") read as the listed word of its shape."""
        return [
            self._unmask(word) if "*" in word else word for word in _TOKEN.findall(clause)
        ]

    def _unmask(self, word: str) -> str:
        pattern = re.compile(re.escape(word).replace(r"\*", "."))
        return next(
            (known for known in self._wildcards.get(len(word), ()) if pattern.fullmatch(known)),
            word,
        )

    def _aimed(self, words: list[str]) -> bool:
        """An insult aimed at "you", at a mentioned member or at the original poster."""
        for index, word in enumerate(words):
            # The checks read a few words on; a bounded window keeps a clause of a thousand
            # "you"s linear instead of copying the rest of the clause at every word.
            rest = words[index + 1 : index + 1 + _READ_AHEAD]
            if word in _YOU:
                if rest and rest[0] in _GROUP:
                    rest = rest[1:]
                if rest and rest[0] in _ARE:
                    if self._predicate_insult(rest[1:]):
                        return True
                elif self._vocative_insult(rest):
                    return True
            elif word in _YOU_ARE:
                if self._predicate_insult(rest):
                    return True
            elif word in _TARGET_SUBJECTS:
                if rest and rest[0] in _IS and self._predicate_insult(rest[1:]):
                    return True
            elif (
                word in _TARGET_DEMONSTRATIVE
                and len(rest) > 1
                and rest[0] in _TARGET_NOUNS
                and rest[1] in _IS
                and self._predicate_insult(rest[2:])
            ):
                return True
        return False

    def _vocative_insult(self, rest: list[str]) -> bool:
        """"you idiot", "you whiny loser": describing words, insults, then the clause moves
        on; "thank you stupid legs" describes the legs, not the person."""
        position = 0
        while position < len(rest) and self._describes(rest[position]):
            position += 1
        run_end = _skip(rest, self._insults, position)
        if run_end == position:
            return False
        return run_end == len(rest) or rest[run_end] in _CLAUSE_GO_ON

    def _describes(self, word: str) -> bool:
        return word not in self._insults and (
            word in _FILLER or word.endswith(_DESCRIBING_ENDINGS)
        )

    def _predicate_insult(self, rest: list[str]) -> bool:
        """"(you're) a pathetic loser", "(you are) so stupid for...", but not "not an idiot"."""
        if rest and rest[0] in _NEGATION:
            return False
        position = _skip(rest, _FILLER | _NEGATION)
        if any(word in _NEGATION for word in rest[:position]):
            return False
        run_end = _skip(rest, self._insults, position)
        if run_end == position:
            return False
        return run_end == len(rest) or rest[run_end] in _AFTER_PREDICATE


def _dismissive_opening(words: list[str]) -> bool:
    opening = words[1:] if words[:1] == ["just"] else words
    # Most clauses open with none of these words: one set lookup instead of every phrase.
    if not opening or opening[0] not in _OPENING_WORDS:
        return False
    if any(opening[: len(phrase)] == phrase for phrase in _DISMISSIVE_OPENINGS):
        return True
    if opening[0] not in _DISMISSAL_VERBS:
        return False
    rest = opening[2:] if opening[1:2] == ["your"] else opening[1:]
    return bool(rest) and rest[0] in _DISMISSED


def _skip(words: list[str], vocabulary: frozenset[str], start: int = 0) -> int:
    position = start
    while position < len(words) and words[position] in vocabulary:
        position += 1
    return position


def _by_length(words: frozenset[str]) -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = {}
    for word in sorted(words):
        grouped.setdefault(len(word), []).append(word)
    return {length: tuple(group) for length, group in grouped.items()}


@lru_cache(maxsize=1)
def _profanity_words() -> frozenset[str]:
    """better-profanity's word list, read once."""
    wordlist = resources.files("better_profanity").joinpath("profanity_wordlist.txt")
    return frozenset(
        line.strip().lower()
        for line in wordlist.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
