"""The daily digest's query over a busy help forum: which posts still wait for a person.

Builds a SQLite database with 100,000 questions (20,000 forum posts with follow-ups, the rest
asked in channels and DMs; one post in ten waiting) and times `HelpForum.waiting_posts` and
the digest's text. Prints figures; never fails on time.
Run from the repository root: python benchmarks/bench_forum_digest.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from community.help_forum import HelpForum, digest_text  # noqa: E402
from storage import Database, Store, default_sqlite_url, upgrade_database  # noqa: E402
from storage.models import QuestionRow  # noqa: E402
from storage.records import QuestionStatus  # noqa: E402

GUILD = 1
QUESTIONS = 100_000
POSTS = 20_000
MEMBERS = 500
RUNS = 20


def rows(start: datetime) -> list[QuestionRow]:
    """Forum posts (opening message id = thread id) with a follow-up each, then the rest."""
    made = []
    for n in range(QUESTIONS):
        post = n < 2 * POSTS
        thread = 10_000_000 + n // 2 if post else None
        opening = post and n % 2 == 0
        waiting = post and (n // 2) % 10 == 0 and not opening
        made.append(QuestionRow(
            member_id=1000 + n % MEMBERS, guild_id=GUILD, channel_id=thread or 42,
            thread_id=thread, message_id=thread if opening else 20_000_000 + n,
            question="", answer="", citations=[], triage="none", abstained=False,
            status=(QuestionStatus.UNANSWERED if waiting else QuestionStatus.ANSWERED).value,
            created_at=start + timedelta(seconds=n)))
    return made


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = default_sqlite_url(Path(folder))
        await upgrade_database(url)
        database = Database.from_url(url)
        store = Store.over(database)
        start = datetime(2026, 1, 1, tzinfo=UTC)
        for member in range(MEMBERS):  # members first: questions hang off them
            await store.questions.record(member_id=1000 + member, channel_id=1, question="",
                                         answer="", citations=[], triage="none",
                                         abstained=False)
        async with database.session() as session:
            session.add_all(rows(start))
        forum = HelpForum(store)
        timings = []
        for _ in range(RUNS):
            began = time.perf_counter()
            posts = await forum.waiting_posts(GUILD)
            text = digest_text(posts, start + timedelta(days=3))
            timings.append((time.perf_counter() - began) * 1000)
        await database.dispose()
    print(f"questions {QUESTIONS + MEMBERS}, forum posts {POSTS}, waiting {len(posts)}, "
          f"digest {len(text or '')} characters")
    print(f"waiting posts + digest text: median {statistics.median(timings):.1f} ms, "
          f"worst {max(timings):.1f} ms over {RUNS} runs (SQLite)")


if __name__ == "__main__":
    asyncio.run(main())
