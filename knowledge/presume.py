"""Short messages that take the community's topic for granted: "what helps?", "how do I fix
it", "can I still run?". In this server "it" is LLC, so such a message is ranked as a
question about LLC, with the summary's words for what it asks (strategies, what makes it
worse, how runners fare) added for ranking only; the member's words stay in the query.
"""

from __future__ import annotations

import re

from knowledge.abstain import uncovered_topic
from knowledge.expand import normalise

SHORT_WORDS = 8
# Only a question whose own words find no passage this close is ranked with the topic added.
WEAK_DENSE = 0.45
TOPIC = ("loss", "of", "leg", "coordination", "while", "running")

# What a short question asks, in the summary's words.
_INTENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:recover\w*|beat|overc[oa]me|get\s+better|race\s+again|ever\s+\w+\s+again|"
                r"outlook|prognosis)\b"),
     "full recovery returning training competition restrictions"),
    (re.compile(r"\b(?:help\w*|fix\w*|treat\w*|cure\w*|manag\w*|do\s+about|get\s+(?:better|rid)|"
                r"improv\w*|work\w*|solution|therapy)\b"),
     "strategies better outcome improving strength flexibility management recovery"),
    (re.compile(r"\b(?:still\s+(?:run|race|train|compete)|keep\s+(?:running|racing|training)|"
                r"stop\s+running|run\s+through|race\s+again|give\s+up|quit)\b"),
     "management train compete restrictions avoid triggering modifying training"),
    (re.compile(r"\b(?:worse|trigger\w*|bring\w*\s+(?:it\s+)?on|set\w*\s+(?:it\s+)?off|"
                r"cause\w*|makes?\s+it)\b"),
     "running longer faster flat surfaces exacerbates"),
)


def takes_topic_for_granted(question: str) -> bool:
    """A short message that names no topic the summary is known not to cover."""
    return len(question.split()) <= SHORT_WORDS and uncovered_topic(question) is None


def presumed_terms(question: str) -> tuple[str, ...]:
    """The terms to rank a short question with: what it asks, then the topic itself."""
    text = normalise(question)
    asked = [words for pattern, words in _INTENTS if pattern.search(text)]
    return (*" ".join(asked[:1]).split(), *TOPIC)
