"""The keyed hash of member ids: the deployment's secret, kept in DATA_DIR unless set."""

from __future__ import annotations

import stat

import pytest

from bot.settings import Settings
from storage.errors import MemberHashKeyError
from storage.member_hash import KEY_FILE_NAME, MemberHash


def test_the_key_is_made_once_in_data_dir_owner_only_and_kept(tmp_path):
    first = MemberHash.for_deployment(None, tmp_path)
    key_file = tmp_path / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = MemberHash.for_deployment(None, tmp_path)
    assert first(42) == again(42) and first(42) != first(43)
    # A Discord id (18 digits) never shows in its hash; a short id could by chance.
    member = 123456789012345678
    assert len(first(member)) == 64 and str(member) not in first(member)


def test_the_setting_wins_over_the_file_and_another_key_hashes_otherwise(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, member_hash_key="k" * 32)
    assert settings.member_hash()(42) == MemberHash(b"k" * 32)(42)
    assert not (tmp_path / KEY_FILE_NAME).exists()
    assert MemberHash.for_deployment(None, tmp_path)(42) != settings.member_hash()(42)


def test_a_damaged_key_file_is_a_clear_error(tmp_path):
    (tmp_path / KEY_FILE_NAME).write_text("short")
    with pytest.raises(MemberHashKeyError, match="MEMBER_HASH_KEY"):
        MemberHash.for_deployment(None, tmp_path)


def test_the_key_never_shows_in_a_repr():
    assert "secret" in repr(MemberHash(b"x" * 32)) and "xxxx" not in repr(MemberHash(b"x" * 32))
