"""A keyed hash of a member id, for records that must outlive the member's forget.

A block protects the blocker, and moderation records protect everyone else: a member who
deletes their data must not erase the block against them or reset the ladder by doing so.
Such a record drops the member's id when they are forgotten and keeps HMAC-SHA256 of it
instead. Without the deployment's secret key the hash cannot be reversed or recomputed from
a list of ids; with it, the bot recognises the member if they come back, and nothing else.

The key is the MEMBER_HASH_KEY setting, or, when that is unset, a random key created once in
DATA_DIR (`member-hash.key`, readable by the bot's user only). Losing the key forgets every
hashed record's link: keep it with the database's backups.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from storage.errors import MemberHashKeyError

KEY_FILE_NAME = "member-hash.key"
HASH_LENGTH = 64  # hex characters of SHA-256


class MemberHash:
    """HMAC-SHA256 of member ids under one secret key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the member hash key must be at least 16 bytes")
        self._key = key

    def __call__(self, member_id: int) -> str:
        """The member's keyed hash, as 64 hex characters."""
        return hmac.new(self._key, str(member_id).encode(), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "MemberHash(<secret key>)"

    @classmethod
    def ephemeral(cls) -> MemberHash:
        """A hash under a random key that lives as long as the process: for tools and tests
        that forget no one; the bot and the CLI use `for_deployment`."""
        return cls(secrets.token_bytes(32))

    @classmethod
    def for_deployment(cls, key: str | None, data_dir: Path) -> MemberHash:
        """The hash under MEMBER_HASH_KEY, or under the key kept in `data_dir` (created on
        first use)."""
        if key:
            return cls(key.encode())
        return cls(_key_in(data_dir))


def _key_in(data_dir: Path) -> bytes:
    """The key stored in `data_dir`, created (owner-only, never overwritten) if missing."""
    path = data_dir / KEY_FILE_NAME
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: of two processes starting at once, one
        # key wins and neither can read a half-written file.
        draft = path.with_name(f".{KEY_FILE_NAME}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    try:
        key = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise MemberHashKeyError(path) from error
    if len(key) < 32:
        raise MemberHashKeyError(path)
    return key.encode()
