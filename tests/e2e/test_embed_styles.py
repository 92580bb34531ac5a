"""Every triage level the answer engine can return has its own embed colour and title."""

from typing import get_args

from bot.embeds import COLOURS, TITLES, answer_embed
from knowledge.messages import SCREENING
from knowledge.models import Answer, TriageLevel


def test_every_triage_level_has_a_colour_and_a_title() -> None:
    levels = set(get_args(TriageLevel))
    assert levels == set(COLOURS) == set(TITLES)


def test_a_support_answer_renders_as_an_embed() -> None:
    answer = Answer(answer="I'm sorry it's been so hard.", screening=SCREENING, triage="support")
    embed = answer_embed(answer)
    assert embed.title == TITLES["support"] and embed.colour == COLOURS["support"]
