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
    await store.infractions.pardon(pardoned.id)
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


async def test_pardon_keeps_the_first_pardon_time(store: Store, clock):
    infraction = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.WARN, reason="r"
    )
    first = await store.infractions.pardon(infraction.id)
    clock.advance(days=1)

    assert (await store.infractions.pardon(infraction.id)).pardoned_at == first.pardoned_at
    with pytest.raises(RecordNotFound, match="infraction #404"):
        await store.infractions.pardon(404)


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
    await store.infractions.decide_appeal(first.id, AppealStatus.REJECTED)
    assert (await store.infractions.add_appeal(infraction.id, ANNA, "New facts")).status == "open"


async def test_accepting_an_appeal_pardons_the_infraction(store: Store, clock):
    infraction = await store.infractions.add(
        guild_id=GUILD, member_id=ANNA, kind=InfractionKind.TIMEOUT, reason="r"
    )
    appeal = await store.infractions.add_appeal(infraction.id, ANNA, "It was a race report")
    assert await store.infractions.open_appeals(GUILD) == [appeal]
    assert await store.infractions.open_appeals(OTHER_GUILD) == []

    decided = await store.infractions.decide_appeal(appeal.id, AppealStatus.ACCEPTED)

    assert decided.status is AppealStatus.ACCEPTED
    assert await store.infractions.open_appeals(GUILD) == []
    [pardoned] = await store.infractions.list_for(ANNA)
    assert pardoned.pardoned_at == clock.now
