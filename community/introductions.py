"""Double opt-in introductions: A asks, B sees A's anonymised card and accepts or declines,
and only when both said yes are they connected. A decline is never told to A: to the asker,
a declined request looks like one still waiting. Requests are rate limited, and a refusal
never says why (a block or a pause would otherwise leak through it).

An answer is checked again when it arrives: if the asker has since left the pool, paused,
withdrawn a consent or deleted the profile, or either one blocked or avoids the other, the
request is closed and no one is introduced. Blocking, leaving and deleting a profile also
close waiting requests at once, in both directions (the repositories do it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from community.match_pool import available, profile_of
from community.profiles import Card, Viewer, card_of, visibility_with
from storage import Store
from storage.errors import IntroductionExists, RecordNotFound
from storage.records import IntroductionRequest
from storage.timestamps import utc_now

REQUESTS_PER_DAY = 3


class IntroductionError(ValueError):
    """A request the member cannot make; the message is meant for them."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What the target decided, for the front end: connect both on `accepted`, and on a
    decline tell no one but the target."""

    request: IntroductionRequest
    accepted: bool

    @property
    def closed(self) -> bool:
        """The request was no longer open when answered: the asker backed out."""
        return self.request.status == "withdrawn"


class IntroductionService:
    """The only way two members are put in touch: every check (consents, pauses, blocks, the
    rate limit) runs here, on the ask and again on the answer."""

    def __init__(self, store: Store, clock: Callable[[], datetime] = utc_now, *,
                 per_day: int = REQUESTS_PER_DAY) -> None:
        self._store = store
        self._clock = clock
        self._per_day = per_day

    async def ask(self, asker: int, target: int) -> tuple[IntroductionRequest, Card]:
        """Ask `target` for an introduction; the request and the asker's card as the target
        will see it. IntroductionError for a request that cannot be made."""
        now = self._clock()
        mine = await self._store.profiles.get(asker)
        if mine is None or "matching" not in mine.consents:
            raise IntroductionError(
                "Make a profile and allow matching first (see /start), so the other runner "
                "can see who is asking.")
        if asker == target or not await self._can_be_introduced(target, asker):
            raise IntroductionError("That runner cannot be asked for an introduction right now.")
        since = now - timedelta(days=1)
        if await self._store.introductions.requests_since(asker, since) >= self._per_day:
            raise IntroductionError(
                f"You can ask for {self._per_day} introductions a day; please try again "
                "tomorrow.")
        try:
            request = await self._store.introductions.request(asker, target)
        except IntroductionExists as error:
            raise IntroductionError("You two were already introduced or asked.") from error
        return request, card_of(profile_of(mine), Viewer.PEER, visibility_with(mine.visibility))

    async def answer(self, request_id: int, target: int, accept: bool) -> Decision:
        """The target's Accept or Decline; the first answer stands. An Accept is checked
        again now: an asker who can no longer be introduced closes the request (nothing is
        shared); a target who paused or left is asked to come back first."""
        request = await self._store.introductions.get_request(request_id)
        if request is None or request.target_id != target:
            raise RecordNotFound("introduction request", request_id)
        if accept and request.status == "pending":
            if not await self._can_be_introduced(request.requester_id, target):
                closed = await self._store.introductions.withdraw(request_id)
                return Decision(request=closed, accepted=False)
            if not await self._can_be_introduced(target, request.requester_id):
                raise IntroductionError(
                    "You've paused matching or left the pool, so I can't introduce you: "
                    "`/rounds resume` or /start, then press Accept again.")
        request = await self._store.introductions.decide(request_id, target, accept)
        return Decision(request=request, accepted=request.status == "accepted")

    async def block(self, member: int, other: int) -> None:
        """Block `other`: never matched or introduced again, and any request between them
        that waits for an answer is closed (one they sent is quietly declined)."""
        await self._store.match_exclusions.add(member, other, "block")

    async def _can_be_introduced(self, member: int, other: int) -> bool:
        """Whether `member` is in the pool now (profile, matching consent, not paused or
        snoozed) and neither one blocked or avoids the other."""
        stored = await self._store.profiles.get(member)
        return (stored is not None and available(stored, self._clock())
                and not await self._store.match_exclusions.kept_apart(member, other))
