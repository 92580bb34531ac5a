"""Infractions, what still counts towards escalation, pardons and appeals."""

from datetime import timedelta

import pytest
from storage_helpers import ANNA, BORIS, GUILD, MODERATOR, OTHER_GUILD

from storage import AppealAlreadyOpen, RecordNotFound, Store
from storage.records import AppealStatus, InfractionKind


async def test_active_count_skips_notes_pardons_expired_and_old_infractions(store: Store, clock):
    def add(kind=InfractionKind.WARN, **given):
        return store.infractions.add(
            guild_id=given.pop("guild_id", GUILD),
            member_id=ANNA,
            kind=kind,
            reason="spam",
            **given,
        )

    await add()  # before the window
    since = clock.advance(days=30)
    await add(categories=["spam", "link"])
    await add(kind=InfractionKind.TIMEOUT, actor_id=MODERATOR)
    await add(kind=InfractionKind.NOTE)
    pardoned = await add()
    await store.infractions.pardon(pardoned.id, guild_id=GUILD, actor_id=MODERATOR)
    await add(expires_at=clock.now + timedelta(hours=1))
    await add(guild_id=OTHER_GUILD)
    clock.advance(hours=2)

    assert await store.infractions.active_count(ANNA, since, guild_id=GUILD) == 2
    assert await store.infractions.active_count(ANNA, since) == 3


async def test_list_for_shows_newest_first_in_the_given_guild(store: Store, clock):
    first = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.DELETE, reason="a", categories=["scam"]
    )
    clock.advance(minutes=5)
    second = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.WARN, reason="b", actor_id=MODERATOR
    )
    await store.infractions.add(
        guild_id=OTHER_GUILD, member_id=ANNA, kind=InfractionKind.WARN, reason="c"
    )

    assert await store.infractions.list_for(ANNA, guild_id=GUILD) == [second, first]
    assert first.categories == ["scam"] and first.actor_id is None


async def test_pardon_keeps_the_first_pardon_time_and_moderator(store: Store, clock):
    infraction = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.WARN, reason="r"
    )
    first = await store.infractions.pardon(infraction.id, guild_id=GUILD, actor_id=MODERATOR)
    clock.advance(days=1)

    again = await store.infractions.pardon(infraction.id, guild_id=GUILD, actor_id=BORIS)
    assert (again.pardoned_at, again.pardoned_by) == (first.pardoned_at, MODERATOR)
    with pytest.raises(RecordNotFound, match="infraction #404"):
        await store.infractions.pardon(404, guild_id=GUILD, actor_id=MODERATOR)


async def test_another_guilds_infraction_cannot_be_pardoned(store: Store):
    infraction = await store.infractions.add(
        guild_id=OTHER_GUILD, member_id=ANNA, kind=InfractionKind.WARN, reason="r"
    )

    with pytest.raises(RecordNotFound, match=f"infraction #{infraction.id}"):
        await store.infractions.pardon(infraction.id, guild_id=GUILD, actor_id=MODERATOR)
    [kept] = await store.infractions.list_for(ANNA)
    assert kept.pardoned_at is None


async def test_appeal_against_someone_elses_infraction_is_not_found(store: Store):
    infraction = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.WARN, reason="r"
    )

    with pytest.raises(RecordNotFound):
        await store.infractions.add_appeal(infraction.id, BORIS, "Not me")


async def test_second_appeal_waits_for_the_first_to_be_decided(store: Store):
    infraction = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.WARN, reason="r"
    )
    first = await store.infractions.add_appeal(infraction.id, ANNA, "Please look again")

    with pytest.raises(AppealAlreadyOpen):
        await store.infractions.add_appeal(infraction.id, ANNA, "Again")
    await store.infractions.review_appeal(
        first.id, guild_id=GUILD, actor_id=MODERATOR, accept=False, note="It was spam."
    )
    assert (await store.infractions.add_appeal(infraction.id, ANNA, "New facts")).status == "open"


async def test_accepting_an_appeal_pardons_the_infraction(store: Store, clock):
    infraction = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.TIMEOUT, reason="r"
    )
    appeal = await store.infractions.add_appeal(infraction.id, ANNA, "It was a race report")
    assert await store.infractions.open_appeals(GUILD) == [appeal]
    assert await store.infractions.open_appeals(OTHER_GUILD) == []

    decided, infraction, reviewed_now = await store.infractions.review_appeal(
        appeal.id, guild_id=GUILD, actor_id=MODERATOR, accept=True, note="Fair enough."
    )

    assert reviewed_now
    assert decided.status is AppealStatus.ACCEPTED
    assert (decided.reviewed_by, decided.reviewed_at, decided.note) == (
        MODERATOR, clock.now, "Fair enough."
    )
    assert await store.infractions.open_appeals(GUILD) == []
    [pardoned] = await store.infractions.list_for(ANNA)
    assert (pardoned.pardoned_at, pardoned.pardoned_by) == (clock.now, MODERATOR)
    assert infraction == pardoned


async def test_an_appeal_is_reviewed_once_and_only_in_its_guild(store: Store):
    infraction = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.WARN, reason="r"
    )
    appeal = await store.infractions.add_appeal(infraction.id, ANNA, "Please")

    with pytest.raises(RecordNotFound, match=f"appeal #{appeal.id}"):
        await store.infractions.review_appeal(
            appeal.id, guild_id=OTHER_GUILD, actor_id=MODERATOR, accept=True, note=""
        )
    await store.infractions.review_appeal(
        appeal.id, guild_id=GUILD, actor_id=MODERATOR, accept=False, note="No."
    )
    again, kept, reviewed_now = await store.infractions.review_appeal(
        appeal.id, guild_id=GUILD, actor_id=BORIS, accept=True, note="Yes."
    )

    assert not reviewed_now
    assert (again.status, again.reviewed_by, again.note) == (
        AppealStatus.REJECTED, MODERATOR, "No."
    )
    assert kept.pardoned_at is None
