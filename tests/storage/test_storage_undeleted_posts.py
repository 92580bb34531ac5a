"""Posts a forget could not delete yet, on both databases: kept by id, retried later."""

from __future__ import annotations

from storage import Store


async def test_a_refused_post_is_retried_later_and_later_then_dropped_once_gone(store: Store,
                                                                               clock):
    await store.undeleted_posts.add([(10, 100), (10, 101)])
    await store.undeleted_posts.add([(10, 100)])  # noted twice: kept once
    assert await store.undeleted_posts.due() == []  # not at once
    clock.advance(hours=1)
    assert await store.undeleted_posts.due() == [(10, 100, 0), (10, 101, 0)]
    await store.undeleted_posts.deleted(100)
    await store.undeleted_posts.refused_again(101, 0)
    clock.advance(minutes=90)
    assert await store.undeleted_posts.due() == []  # two hours after the second refusal
    clock.advance(minutes=30)
    assert await store.undeleted_posts.due() == [(10, 101, 1)]
    await store.undeleted_posts.refused_again(101, 20)
    clock.advance(days=1)
    assert await store.undeleted_posts.due() == [(10, 101, 21)]  # a day at most
