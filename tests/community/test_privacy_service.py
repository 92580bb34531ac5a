"""The one privacy service over every holder, on both databases."""

from __future__ import annotations

from pathlib import Path

from bot.services import build_services
from bot.settings import Settings
from community.questions import Asker
from knowledge.service import AnswerService

MEMBER, TRUSTED, MOD, OTHER = 201, 202, 203, 204
COLD = "Does cold weather make LLC worse?"
EXPERIENCE = ("In my experience cold mornings bring the tightness on sooner; a longer "
              "warm-up helps me.")


def _community(answer) -> list:
    return [c for c in answer.citations if c.source == "community"]


async def test_forgotten_members_words_are_never_quoted_again(
    database_url: str, tmp_path: Path, answer_service: AnswerService
) -> None:
    settings = Settings(_env_file=None, database_url=database_url, data_dir=tmp_path)
    services = await build_services(settings, answers=answer_service)
    try:
        desk = services.questions
        asked = await desk.ask(Asker(MEMBER, channel_id=9, guild_id=1, thread_id=9), COLD)
        await desk.save_community_answer(
            question=COLD, answer=EXPERIENCE, author_id=TRUSTED, saved_by=MOD,
            jump_url="https://discord.com/channels/1/9/77", guild_id=1,
            question_id=asked.question_id)
        before = await desk.ask(Asker(OTHER, channel_id=5, guild_id=1), COLD.lower())
        assert _community(before.answer)[0].quote == EXPERIENCE

        report = await services.privacy.forget(TRUSTED)

        assert report.deleted["saved_answers_in_memory"] == 1
        assert report.deleted["database"] >= 2  # the saved answer and the member
        after = await desk.ask(Asker(OTHER, channel_id=5, guild_id=1), COLD.lower())
        assert _community(after.answer) == []
        assert EXPERIENCE not in after.answer.answer
        assert await services.store.community_answers.list_all() == []
    finally:
        answer_service.set_community_answers([])
        await services.aclose()


async def test_forgetting_the_asker_also_drops_answers_quoting_their_question(
    database_url: str, tmp_path: Path, answer_service: AnswerService
) -> None:
    settings = Settings(_env_file=None, database_url=database_url, data_dir=tmp_path)
    services = await build_services(settings, answers=answer_service)
    try:
        desk = services.questions
        asked = await desk.ask(Asker(MEMBER, channel_id=9, guild_id=1, thread_id=9), COLD)
        await desk.save_community_answer(
            question=COLD, answer=EXPERIENCE, author_id=TRUSTED, saved_by=MOD,
            jump_url="https://discord.com/channels/1/9/77", guild_id=1,
            question_id=asked.question_id)
        exported = await services.privacy.export(MEMBER)
        assert exported["database"]["questions"][0]["question"] == COLD
        assert exported["saved_answers_in_memory"] == [1]

        await services.privacy.forget(MEMBER)

        after = await desk.ask(Asker(OTHER, channel_id=5, guild_id=1), COLD.lower())
        assert _community(after.answer) == []
    finally:
        answer_service.set_community_answers([])
        await services.aclose()


async def test_private_asks_and_direct_messages_keep_no_question_text(
    database_url: str, tmp_path: Path, answer_service: AnswerService
) -> None:
    settings = Settings(_env_file=None, database_url=database_url, data_dir=tmp_path)
    services = await build_services(settings, answers=answer_service)
    try:
        desk, questions = services.questions, services.store.questions
        private = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1, private=True),
                                 "Is LLC in my head?")
        dm = await desk.ask(Asker(MEMBER, channel_id=6), "Will LLC get worse?")
        public = await desk.ask(Asker(MEMBER, channel_id=5, guild_id=1), "Who gets LLC?")
        assert (await questions.get(private.question_id)).question == ""
        assert (await questions.get(dm.question_id)).question == ""
        assert (await questions.get(public.question_id)).question == "Who gets LLC?"
        assert private.answer.citations  # answered all the same
    finally:
        await services.aclose()


async def test_a_forget_from_the_command_line_holds_for_the_running_bot(
    database_url: str, tmp_path: Path, answer_service: AnswerService
) -> None:
    """`llc-bot privacy forget` runs in its own process, with its own copy of the saved
    answers: the bot's copy must not go on quoting the member."""
    settings = Settings(_env_file=None, database_url=database_url, data_dir=tmp_path)
    bot = await build_services(settings, answers=answer_service)
    cli = await build_services(settings, answers=answer_service)
    try:
        desk = bot.questions
        asked = await desk.ask(Asker(MEMBER, channel_id=9, guild_id=1, thread_id=9), COLD)
        await desk.save_community_answer(
            question=COLD, answer=EXPERIENCE, author_id=TRUSTED, saved_by=MOD,
            jump_url="https://discord.com/channels/1/9/77", guild_id=1,
            question_id=asked.question_id)

        await cli.store.members.forget(TRUSTED)  # what the CLI's database holder does

        after = await desk.ask(Asker(OTHER, channel_id=5, guild_id=1), COLD.lower())
        assert _community(after.answer) == []
        assert EXPERIENCE not in after.answer.answer
    finally:
        answer_service.set_community_answers([])
        await cli.aclose()
        await bot.aclose()
