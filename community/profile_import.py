"""Importing profiles: each row's consent is recorded first, and a row without profile
consent is refused, because nothing is stored about a member who did not say yes. A row
whose own words the content checks refuse is refused too (`community.profile_text`)."""

from __future__ import annotations

from community.profile_text import check_profile_text
from community.profiles import CONSENT_SCOPES, Profile, ProfileError
from storage import Store


async def import_profile(store: Store, profile: Profile) -> None:
    """Record the consents the row gives (granting and withdrawing), then the profile."""
    if not profile.consent.profile:
        raise ProfileError("consent", "profile consent is needed to store a profile")
    check_profile_text(profile)
    for scope in CONSENT_SCOPES:
        if getattr(profile.consent, scope):
            await store.consents.grant(profile.member_id, scope)
        else:
            await store.consents.withdraw(profile.member_id, scope)
    fields = profile.model_dump(exclude={"member", "consent"})
    await store.profiles.save(profile.member_id, fields)
