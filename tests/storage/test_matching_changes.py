"""The numbered record of writes to matching data that a kept pool takes in."""

from __future__ import annotations

from storage import changes
from storage.changes import MatchingChanges


def test_a_reader_sees_only_what_changed_after_the_number_it_has_seen():
    record = MatchingChanges()
    record.profile_changed(1)
    seen = record.count
    record.exclusion_changed(3, 2)
    record.consent_changed(4, "matching")
    record.consent_changed(5, "story")
    after = record.since(seen)
    assert after.profiles == {5} and after.standings == {4}
    assert after.exclusions == {(2, 3)} and not after.all_rules and after.rules
    assert not record.since(record.count).rules


def test_too_many_changes_to_list_say_read_it_all(monkeypatch):
    monkeypatch.setattr(changes, "MAX_REMEMBERED", 3)
    record = MatchingChanges()
    for pair in range(5):
        record.history_added(pair, pair + 100)
    assert record.since(0).all_rules and not record.since(0).all_profiles
    for member in range(5):
        record.profile_changed(member)
    assert record.since(0).all_profiles
