"""The community post: checked by moderation, quoted, neutralised, and within Discord's limit."""

import re

import pytest

from community.community_post import (
    DISCORD_LIMIT,
    CommunityPost,
    PostRefused,
    compose_community_post,
)

MEMBER = 123456789012345678
# What Discord would turn into a ping, a heading, a list, a block or a code block.
PING = re.compile(r"@(?:everyone|here)\b|<@[!&]?\d+>|<#\d+>")
LINE_MARKUP = re.compile(r"^> (?:#|-|\+|>|\d+[.)]|```)")


def posted(question: str, *, anonymous: bool = True) -> str:
    result = compose_community_post(question, member_id=MEMBER, anonymous=anonymous)
    assert isinstance(result, CommunityPost), result
    return result.text


def body(text: str) -> list[str]:
    return text.splitlines()[1:]


def test_an_ordinary_question_is_quoted_line_by_line_under_a_header():
    text = posted("Does anyone else lose coordination\nonly on flat roads?")

    header, *lines = text.splitlines()
    assert header.startswith("A member asked")
    assert lines == ["> Does anyone else lose coordination", "> only on flat roads?"]


def test_the_member_is_named_only_when_they_chose_to_be():
    assert str(MEMBER) not in posted("Does easy pace help?")
    assert f"<@{MEMBER}>" in posted("Does easy pace help?", anonymous=False).splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "Does it get better? <@&42> <@42> <@!42>",
        "Any tips? @everyone",
        "@here please help, does this happen to you?",
        "Which channel? <#987654321>",
    ],
)
def test_nothing_in_the_question_can_ping_or_link_a_channel(question):
    result = compose_community_post(question, member_id=MEMBER, anonymous=True)

    if isinstance(result, CommunityPost):
        assert PING.search(result.text) is None
    else:
        assert "mention" in result.reason


@pytest.mark.parametrize(
    "question",
    [
        "# HUGE HEADING\nDoes this help?",
        "-# subtext\n- list item\n+ plus item\n1. numbered\n2) also numbered",
        "> pretend quote\n>>> multi-line quote\nstill mine?",
        "```\ncode fence that would swallow the rest\n```\nand more",
        "   # indented heading",
        "line with `inline code` and **bold** and ||spoiler|| and [masked](text)",
    ],
)
def test_markdown_cannot_break_out_of_the_quote(question):
    text = posted(question)

    for line in body(text):
        assert line.startswith("> ")
        assert LINE_MARKUP.match(line) is None
        assert "```" not in line
    assert "`" not in text.replace("\\`", "")
    assert "**" not in text.replace("\\*", "")


def test_every_kind_of_line_break_stays_quoted():
    text = posted("one\r\ntwo\rthree\u2028four\n\n\n\nfive")

    assert all(line.startswith("> ") for line in body(text))
    assert "\r" not in text and "\u2028" not in text
    assert "> five" in body(text)


def test_a_long_question_is_cut_to_discords_limit_with_a_marker():
    text = posted(" ".join(f"run{n} went wrong after km{n}." for n in range(300)))

    assert len(text) <= DISCORD_LIMIT
    assert text.endswith("\u2026")


def test_a_long_question_of_characters_that_grow_when_escaped_still_fits():
    lines = [" ".join(f"@w{n}_{k}*`|~[]" for k in range(12)) for n in range(40)]
    text = posted("\n".join(lines))

    assert len(text) <= DISCORD_LIMIT
    assert all(line.startswith("> ") for line in body(text))


@pytest.mark.parametrize(
    ("question", "category", "kind_words"),
    [
        ("Call me on 07700 900123 if you have LLC too", "personal_data", "personal details"),
        ("Has anyone read https://myblog.example.net/llc ?", "link", "link"),
        ("Join discord.gg/llcfriends for more", "link", "link"),
        ("FREE NITRO, claim your gift here", "scam", "scam"),
        ("Essential oils cured my LLC overnight, guaranteed", "misinformation", "health claim"),
    ],
)
def test_questions_moderation_would_stop_are_refused_kindly(question, category, kind_words):
    result = compose_community_post(question, member_id=MEMBER, anonymous=False)

    assert isinstance(result, PostRefused)
    assert category in result.categories
    assert kind_words in result.reason
    assert question not in result.reason


def test_crisis_language_is_not_posted_and_the_adapter_is_told_to_answer_warmly():
    result = compose_community_post("I want to kill myself", member_id=MEMBER, anonymous=True)

    assert isinstance(result, PostRefused)
    assert result.crisis and "crisis" in result.categories


def test_risk_the_model_reads_keeps_the_words_out_of_the_channel(answer_service):
    text = "I don't want to be here anymore"
    result = compose_community_post(text, member_id=MEMBER, anonymous=True,
                                    reading=answer_service.read(text))

    assert isinstance(result, PostRefused) and (result.crisis or result.check_in)
    assert text not in result.reason


def test_an_empty_question_is_refused():
    assert isinstance(compose_community_post(" \n\u202e ", member_id=MEMBER, anonymous=True),
                      PostRefused)
