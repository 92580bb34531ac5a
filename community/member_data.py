"""The contract every holder of member data signs, so export and forget cannot miss one.

As Red-DiscordBot's `red_get_data_for_user` / `red_delete_data_for_user` hooks do for its
cogs: each repository, in-memory cache or set of bot posts that holds something of a member
implements this protocol and registers with the one privacy service, which asks all of them.
A new table or cache that forgets to register is caught by the privacy tests, not by luck.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class MemberDataHolder(Protocol):
    """Something that keeps data about members."""

    #: The key of this holder's part in an export, and its name in a forget report.
    name: str

    async def export_member(self, member_id: int) -> Any:
        """Everything this holder keeps about the member, as JSON-ready data."""
        ...

    async def forget_member(self, member_id: int) -> int:
        """Delete everything this holder keeps about the member; the number of items gone."""
        ...


@runtime_checkable
class RetriesLater(Protocol):
    """A holder whose forget can leave something behind for now (a post Discord would not
    let it delete), to be removed later; the privacy service reports what."""

    def left_behind(self, member_id: int) -> list[str]:
        """What the last forget of the member could not remove yet, as ids (never their
        words); asking clears it."""
        ...
