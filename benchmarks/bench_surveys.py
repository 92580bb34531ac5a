"""Survey figures: a wave of 10,000 members through the scheduler (claims per second, on
SQLite and PostgreSQL), a report over 100,000 responses (target <= 2 s), and, from a
synthetic wave of 200 members, a report chart and a clinician page as PNG files.

    python benchmarks/bench_surveys.py [--members 10000] [--responses 100000]
        [--postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test] [--artifacts DIR]

Prints figures; never fails on a slow result. PostgreSQL runs in a schema of its own that
is dropped afterwards; it is skipped when the server cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from community.surveys.charts import report_chart, to_png
from community.surveys.clinician import MemberCourse, clinician_page
from community.surveys.definitions import SurveyBook, default_surveys
from community.surveys.report import build_report
from community.surveys.scheduler import ScheduleSettings, SurveyScheduler
from knowledge.corpus import load_corpus
from storage import Database, Store, default_sqlite_url, upgrade_database
from storage.models import ConsentRow, MemberRow, SurveyEnrolmentRow

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
WAVES = [f"2026-{month:02d}" for month in range(1, 13)]


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


async def enrol_many(database: Database, members: int) -> None:
    """Enrolled, consenting members, written in bulk (joining one by one is not measured)."""
    rows = range(1, members + 1)
    async with database.session() as session:
        for start in range(0, members, 2000):
            chunk = rows[start:start + 2000]
            await session.execute(insert(MemberRow), [{"id": m, "created_at": START}
                                                      for m in chunk])
            await session.execute(insert(ConsentRow), [
                {"member_id": m, "scope": "surveys", "granted_at": START} for m in chunk])
            await session.execute(insert(SurveyEnrolmentRow), [
                {"member_id": m, "cadence": "monthly", "status": "active", "joined_at": START,
                 "updated_at": START} for m in chunk])


async def bench_wave(url: str, label: str, members: int) -> None:
    await upgrade_database(url)
    database = Database.from_url(url)
    try:
        await enrol_many(database, members)
        clock = Clock()
        store = Store.over(database, clock=clock)
        sent = 0

        async def sender(_invitation) -> None:
            nonlocal sent
            sent += 1

        scheduler = SurveyScheduler(
            store, SurveyBook([default_surveys().get("monthly")]), sender, clock=clock,
            settings=ScheduleSettings(batch_size=10, per_tick=members, spread_seconds=0,
                                      remind_after=None))
        began = time.perf_counter()
        planned = await scheduler.plan()
        plan_seconds = time.perf_counter() - began
        claims, claim_seconds = 0, 0.0
        began = time.perf_counter()
        while True:
            start = time.perf_counter()
            batch = await store.surveys.claim(scheduler.worker, limit=10, remind_sent_before=None)
            claim_seconds += time.perf_counter() - start
            if not batch:
                break
            claims += len(batch)
            for send in batch:
                await sender(None)
                await store.surveys.mark_sent(send.id, scheduler.worker)
        total = time.perf_counter() - began
        print(f"{label}: wave of {members} members: planned {planned} in {plan_seconds:.2f} s; "
              f"{claims} claimed in batches of 10: {claims / claim_seconds:,.0f} claims/s "
              f"(claim only), {claims / total:,.0f} sends/s end to end (claim + record); "
              f"sent {sent}")
    finally:
        await database.dispose()


def synthetic_monthly(rng: random.Random, members: int, waves: list[str]) -> list:
    """Monthly answers drifting slowly better, as a community in management might."""
    rows = []
    for member in range(1, members + 1):
        base = rng.gauss(0, 1.2)
        for index, wave in enumerate(waves):
            if rng.random() > 0.8:
                continue
            drift = -0.25 * index
            rows.append((member, wave, datetime.fromisoformat(f"{wave}-10T12:00:00+00:00"), {
                "severity_easy": _scale(rng, 3 + base + drift),
                "severity_fast": _scale(rng, 7 + base + drift),
                "severity_flat": _scale(rng, 6 + base + drift),
                "weekly_km": rng.choice([10, 20, 30, 40, 50, 60]),
                "pgic": max(1, min(7, round(rng.gauss(3.6 - 0.1 * index, 1.0))))}))
    return rows


def synthetic_baseline(rng: random.Random, member: int) -> dict:
    muscles = ["calves", "hamstrings", "quadriceps", "glutes", "hip_flexors", "foot_ankle"]
    return {
        "onset_age": max(14, round(rng.gauss(23, 5))),
        "years_since_onset": rng.choice([1, 2, 3, 4, 4, 5, 6, 8, 10]),
        "side": rng.choice(["left", "right", "both"]),
        "muscles": sorted(rng.sample(muscles, rng.randint(1, 3))),
        "movements": sorted(rng.sample(["hip_flexion", "hip_rotation", "knee_extension",
                                        "foot_splay"], 2)),
        "triggers": ["longer_runs", "faster_pace", "flat_surfaces"],
        "tolerated": ["easy_pace_rough_terrain"],
        "weekly_km_before": rng.choice([60, 80, 100, 120]),
        "level_at_worst": rng.choice(["far_below", "stopped"]),
        "level_now": rng.choices(["unrestricted", "some_restrictions", "far_below", "stopped"],
                                 [2, 5, 7, 2])[0],
        "tried": {"hip_thigh_strength": rng.choice(["helped", "no_change"]),
                  "physical_therapy": rng.choice(["no_change", "helped"]),
                  "training_changes": "helped"},
        "tests_done": ["mri", "nerve_conduction"],
        "other_diagnoses": f"synthetic member {member}",
    }


def _scale(rng: random.Random, centre: float) -> int:
    return max(0, min(10, round(rng.gauss(centre, 1.3))))


async def bench_report(url: str, label: str, responses: int) -> None:
    await upgrade_database(url)
    database = Database.from_url(url)
    try:
        store = Store.over(database, clock=Clock())
        monthly = default_surveys().get("monthly")
        members = responses // len(WAVES) + 1
        rows = synthetic_monthly(random.Random(7), members * 2, WAVES)[:responses]
        began = time.perf_counter()
        await store.surveys.import_submitted("monthly", 1, rows)
        load_seconds = time.perf_counter() - began
        timings = []
        for _ in range(3):
            began = time.perf_counter()
            answer_rows = await store.surveys.answer_rows("monthly")
            report = build_report(monthly, answer_rows)
            timings.append(time.perf_counter() - began)
        print(f"{label}: report over {len(answer_rows):,} responses "
              f"({report.respondents:,} members, {len(report.waves)} waves): best "
              f"{min(timings):.2f} s, worst {max(timings):.2f} s (target <= 2 s; "
              f"import took {load_seconds:.1f} s)")
    finally:
        await database.dispose()


def artifacts(directory: Path) -> None:
    """A report chart and a clinician page from a synthetic wave of 200 members."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(200)
    book = default_surveys()
    baseline = [(m, "once", synthetic_baseline(rng, m)) for m in range(1, 201)]
    monthly = [(m, w, a) for m, w, _, a in synthetic_monthly(rng, 200, WAVES[:6])]
    for survey_id, rows in (("baseline", baseline), ("monthly", monthly)):
        survey = book.get(survey_id)
        path = directory / f"survey-report-{survey_id}-200.png"
        path.write_bytes(to_png(report_chart(build_report(survey, rows), survey)))
        print(f"wrote {path}")
    member = 17
    course = MemberCourse(
        baseline=baseline[member - 1][2],
        monthly=[(w, a) for m, w, a in monthly if m == member],
        followups=[{"strategy": "hip_thigh_strength", "outcome": "helped"}])
    page = clinician_page(course, book, load_corpus(), date(2026, 6, 30))
    path = directory / "survey-clinician-page.png"
    path.write_bytes(to_png(page))
    print(f"wrote {path}")


async def postgres_schema(base_url: str) -> tuple[str, str] | None:
    plain = make_url(base_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    try:
        connection = await asyncpg.connect(plain, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        print(f"PostgreSQL skipped: {error}")
        return None
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    await connection.execute(f'CREATE SCHEMA "{schema}"')
    await connection.close()
    return f"{base_url}?search_path={schema}", schema


async def drop_schema(base_url: str, schema: str) -> None:
    plain = make_url(base_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    connection = await asyncpg.connect(plain, timeout=5)
    await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    await connection.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--postgres", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--artifacts", type=Path, default=Path("/work/wt/artifacts"))
    args = parser.parse_args()
    artifacts(args.artifacts)
    with tempfile.TemporaryDirectory() as folder:
        await bench_wave(default_sqlite_url(Path(folder) / "wave"), "SQLite", args.members)
        await bench_report(default_sqlite_url(Path(folder) / "report"), "SQLite",
                           args.responses)
    for bench, size in ((bench_wave, args.members), (bench_report, args.responses)):
        target = await postgres_schema(args.postgres)
        if target is None:
            break
        url, schema = target
        try:
            await bench(url, "PostgreSQL", size)
        finally:
            await drop_schema(args.postgres, schema)


if __name__ == "__main__":
    asyncio.run(main())
