"""Understanding what a member means, from data: crisis, low mood and red flags.

One model for every door. Its knowledge is the labelled corpus in `data/` (each message with
its labels and its writer); a logistic-regression head per decision is trained over the
offline encoder's vectors, cached by the corpus's and the encoder's hash, and measured
leave-one-writer-out (`llc-bot understand train|eval`).
"""

from knowledge.understanding.reader import Reading, Understanding, floor_reading
from knowledge.understanding.text import normalise, pieces

__all__ = ["Reading", "Understanding", "floor_reading", "normalise", "pieces"]
