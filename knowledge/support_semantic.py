"""A meaning net under the low-mood patterns: a member who needs a warm reply, in words the
patterns have not seen ("I feel invisible", "my family thinks I'm making it up").

The patterns in knowledge/support.py give the reason when they find one; when they find
none, a message that speaks of the writer is read by meaning against examples of low mood
and of ordinary runner talk (knowledge/corpus/support_prototypes.yaml). Crisis is not this
net's job: crisis language outranks it in triage.
"""

from __future__ import annotations

import re
from pathlib import Path

from embeddings.encoder import Encoder
from knowledge.prototype_net import FIRST_PERSON, PrototypeNet, pieces
from knowledge.support import support_reasons

PROTOTYPES_FILE = Path(__file__).parent / "corpus" / "support_prototypes.yaml"
MIN_SIMILARITY = 0.50
MIN_MARGIN = 0.20  # over the closest piece of ordinary runner talk
# A short message is one thought, read whole: a clause of it ("feels like I'm the only one",
# in a question about how rare LLC is) says less than the message does.
CLAUSES_FROM_WORDS = 15

# Low mood is told of oneself, and told as a feeling or a state.
_FEELING = re.compile(
    r"\b(?:feel\w*|felt|i'?m|i\s+am|i've\s+been|makes?\s+me|made\s+me|me\s+feel|believe\w*|"
    r"think\w*|cry\w*|cried|sleep\w*|awake|miss\w*|lost|lose|who\s+i|myself|ashamed|shame\w*|"
    r"alone|nobody|no\s+one|everyone|can'?t\s+(?:bear|stand|cope|face)|hate|jealous|envy|bitter)\b",
    re.IGNORECASE)


def pieces_to_read(text: str) -> list[str]:
    """What the net should read: nothing when the patterns already found low mood or the
    message tells nothing of the writer's feelings, else the message and such clauses."""
    if support_reasons(text) or not _tells_a_feeling(text):
        return []
    if len(text.split()) < CLAUSES_FROM_WORDS:
        return [text]
    return pieces(text, _tells_a_feeling)


def _tells_a_feeling(clause: str) -> bool:
    return bool(FIRST_PERSON.search(clause) and _FEELING.search(clause))


def support_net(encoder: Encoder, path: Path = PROTOTYPES_FILE) -> PrototypeNet:
    """Low-mood examples against runner talk."""
    return PrototypeNet(encoder, path, "low_mood", "runner_talk", MIN_SIMILARITY, MIN_MARGIN)
