"""A member's own words on a profile (the story, other diagnoses) are checked when saved.

They go out in the bot's voice, in `/match` cards, round DMs and introductions, where no
moderator sees them first. So they pass the same content checks as a message in a public
channel, and anything those would remove or hold for a moderator (a link, a mention of
everyone, a scam, personal data, abuse, spam) keeps the profile from being saved, with the
reason. Crisis language and health claims are not refused: a story of a hard time is what
the story is for, and the card says it is the runner's own.
"""

from __future__ import annotations

from functools import lru_cache

from community.profiles import Profile, ProfileError
from moderation.config import ModerationConfig
from moderation.content import ContentChecker
from moderation.message import MentionCounts

# What a channel removes or holds for a moderator, and a card must not carry unseen, said
# for the member (the checks' own reasons speak of a message and its moderator).
REFUSED = {
    "link": "a link",
    "mention_spam": "a mention of everyone or of many people",
    "personal_data": "contact details or other personal data",
    "scam": "what reads like a scam or a cure for sale",
    "spam": "what reads like advertising or spam",
    "abuse": "abusive words",
}


def check_profile_text(profile: Profile) -> None:
    """ProfileError naming the first of the member's own texts the checks refuse."""
    texts = [("story", profile.story)] + [("other_diagnoses", text)
                                          for text in profile.other_diagnoses]
    for field, text in texts:
        if not text:
            continue
        report = _checker().check(text, MentionCounts.from_text(text), public=True,
                                  new_member=False)
        found = [REFUSED[f.category] for f in report.findings if f.category in REFUSED]
        if found:
            raise ProfileError(field, "other runners read it in my messages, so it can't "
                                      "hold links, mentions, contact details, offers or "
                                      f"abuse, and this has {found[0]}.")


@lru_cache(maxsize=1)
def _checker() -> ContentChecker:
    return ContentChecker(ModerationConfig.defaults())
