"""Double opt-in introductions: A asks, B sees A's anonymised card and accepts or declines,
and only when both said yes are they connected. A decline is never told to A: to the asker,
a declined request looks like one still waiting. Requests are rate limited, and a refusal
never says why (a block or a pause would otherwise leak through it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from community.match_pool import available, profile_of
from community.profiles import Viewer, card, visibility_with
from storage import Store
from storage.errors import IntroductionExists
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


class IntroductionService:
    def __init__(self, store: Store, clock: Callable[[], datetime] = utc_now, *,
                 per_day: int = REQUESTS_PER_DAY) -> None:
        self._store = store
        self._clock = clock
        self._per_day = per_day

    async def ask(self, asker: int, target: int) -> tuple[IntroductionRequest, str]:
        """Ask `target` for an introduction; the request and the asker's card as the target
        will see it. IntroductionError for a request that cannot be made."""
        now = self._clock()
        mine = await self._store.profiles.get(asker)
        if mine is None or "matching" not in mine.consents:
            raise IntroductionError(
                "Make a profile and allow matching first (see /start), so the other runner "
                "can see who is asking.")
        theirs = await self._store.profiles.get(target)
        if (asker == target or theirs is None or not available(theirs, now)
                or await self._store.match_exclusions.kept_apart(asker, target)):
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
        return request, card(profile_of(mine), Viewer.PEER, visibility_with(mine.visibility))

    async def answer(self, request_id: int, target: int, accept: bool) -> Decision:
        """The target's Accept or Decline; the first answer stands."""
        request = await self._store.introductions.decide(request_id, target, accept)
        return Decision(request=request, accepted=request.status == "accepted")

    async def block(self, member: int, other: int) -> None:
        """Block `other`: never matched or introduced again, and a request they sent to
        `member` is quietly declined."""
        await self._store.match_exclusions.add(member, other, "block")
        waiting = await self._store.introductions.between(member, other)
        if waiting is not None and waiting.status == "pending" and waiting.target_id == member:
            await self._store.introductions.decide(waiting.id, member, accept=False)
