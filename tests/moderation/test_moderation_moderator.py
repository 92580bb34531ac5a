"""The stateful moderator: volume over time, scope, exemptions, DMs and crisis pacing.

Time is a fake monotonic clock that the tests move; nothing sleeps.
"""

from datetime import timedelta

from moderation_helpers import CHANNEL, GUILD, MODERATOR_ROLE, POSTED_AT

from moderation import JoinEvent, MentionCounts
from moderation.state import RollingWindows


def test_flood_of_messages_times_the_member_out(moderator, post, fake_clock):
    verdicts = []
    for number in range(16):
        verdicts.append(moderator.check(post(f"update number {number} from my run")))
        fake_clock.advance(3)

    assert [v.action for v in verdicts[:15]] == ["allow"] * 15
    assert verdicts[15].action == "timeout"
    assert verdicts[15].categories == ["spam"]
    assert verdicts[15].timeout_seconds == 600
    assert "post again in 10 minutes" in verdicts[15].notify_author


def test_burst_within_seconds_times_the_member_out(moderator, post, fake_clock):
    actions = []
    for number in range(6):
        actions.append(moderator.check(post(f"quick message {number}")).action)
        fake_clock.advance(0.5)

    assert actions == ["allow"] * 5 + ["timeout"]


def test_same_pace_spread_out_is_fine(moderator, post, fake_clock):
    for number in range(40):
        assert moderator.check(post(f"thoughts on session {number}")).action == "allow"
        fake_clock.advance(8)


def test_third_identical_message_is_deleted_until_the_window_passes(moderator, post, fake_clock):
    spam = "Has anyone tried the new rehab app? It is great!"

    assert moderator.check(post(spam)).action == "allow"
    fake_clock.advance(10)
    assert moderator.check(post(spam.upper(), channel_id=CHANNEL + 1)).action == "allow"
    fake_clock.advance(10)
    third = moderator.check(post(spam + "!!"))
    fake_clock.advance(121)

    assert (third.action, third.categories) == ("delete", ["spam"])
    assert moderator.check(post(spam)).action == "allow"


def test_short_replies_repeat_without_counting_as_duplicates(moderator, post, fake_clock):
    for _ in range(4):
        assert moderator.check(post("thanks!")).action == "allow"
        fake_clock.advance(10)


def test_mentions_spread_over_messages_add_up(moderator, post, fake_clock):
    three = MentionCounts(users=3)
    actions = []
    for _ in range(3):
        actions.append(moderator.check(post("look at this", mentions=three)).action)
        fake_clock.advance(6)

    assert actions == ["allow", "allow", "timeout"]


def test_too_many_mentions_in_one_message_is_deleted(moderator, post):
    verdict = moderator.check(post("hello", mentions=MentionCounts(users=6)))

    assert (verdict.action, verdict.categories) == ("delete", ["mention_spam"])


def test_wave_of_new_accounts_suggests_a_lockdown_once(moderator, fake_clock):
    def join(member_id: int, account_age: timedelta) -> JoinEvent:
        return JoinEvent(
            member_id=member_id,
            guild_id=GUILD,
            account_created_at=POSTED_AT - account_age,
            joined_at=POSTED_AT,
        )

    old_hands = [moderator.record_join(join(n, timedelta(days=400))) for n in range(20)]
    wave = []
    for member_id in range(100, 110):
        wave.append(moderator.record_join(join(member_id, timedelta(hours=2))))
        fake_clock.advance(5)

    assert not any(status.new_account or status.suggest_lockdown for status in old_hands)
    assert [status.suggest_lockdown for status in wave] == [False] * 8 + [True, False]
    assert wave[9].new_accounts_in_window == 10
    assert "consider locking" in wave[9].reasons[0]


def test_new_accounts_trickling_in_are_not_a_raid(moderator, fake_clock):
    for member_id in range(30):
        status = moderator.record_join(
            JoinEvent(
                member_id=member_id,
                guild_id=GUILD,
                account_created_at=POSTED_AT - timedelta(days=1),
                joined_at=POSTED_AT,
            )
        )
        assert status.new_account and not status.suggest_lockdown
        fake_clock.advance(60)


def test_bypass_roles_are_exempt_from_every_check(make_moderator, post, fake_clock):
    moderator = make_moderator(scope={"bypass_roles": [MODERATOR_ROLE]})
    staff = frozenset({MODERATOR_ROLE})

    for _ in range(10):
        verdict = moderator.check(post("free nitro, see discord.gg/x", author_role_ids=staff))
        assert verdict.action == "allow"
    assert moderator.check(post("free nitro")).action == "delete"


def test_excluded_channel_skips_checks_but_still_answers_crisis(make_moderator, post):
    moderator = make_moderator(scope={"exclude_channels": [CHANNEL]})

    assert moderator.check(post("free nitro at dlscord.gift")).action == "allow"
    crisis = moderator.check(post("I don't want to live anymore"))
    assert (crisis.action, crisis.crisis) == ("flag", True)


def test_only_included_channels_are_checked(make_moderator, post):
    moderator = make_moderator(scope={"include_channels": [CHANNEL + 1]})

    assert moderator.check(post("free nitro")).action == "allow"
    assert moderator.check(post("free nitro", channel_id=CHANNEL + 1)).action == "delete"


def test_dms_are_only_checked_for_crisis_by_default(moderator, post):
    assert moderator.check(post("free nitro, call 555-867-5309", guild_id=None)).action == "allow"
    assert moderator.check(post("I want to die", guild_id=None)).crisis is True


def test_checked_dms_are_flagged_not_removed_and_personal_data_is_private(make_moderator, post):
    moderator = make_moderator(scope={"check_dms": True})

    scam = moderator.check(post("free nitro for you", guild_id=None))
    own_number = moderator.check(post("my number is 555-867-5309", guild_id=None))

    assert (scam.action, scam.categories) == ("flag", ["scam"])
    assert scam.notify_author is None
    assert own_number.action == "allow"


def test_crisis_language_gets_a_warm_reply_and_an_alert_every_time(moderator, post, fake_clock):
    first = moderator.check(post("I want to kill myself"))
    fake_clock.advance(60)
    again = moderator.check(post("I don't want to live anymore"))

    # Pacing the alert is the desk's job (tests/moderation/test_moderation_desk.py).
    for verdict in (first, again):
        assert (verdict.action, verdict.crisis) == ("flag", True)
        assert verdict.alert_moderators and verdict.warm_reply


def test_member_in_crisis_is_not_timed_out_for_posting_fast(moderator, post, fake_clock):
    moderator.check(post("I don't want to live anymore"))
    verdicts = []
    for number in range(8):
        fake_clock.advance(0.5)
        verdicts.append(moderator.check(post(f"nobody gets it {number}")))

    assert all(verdict.action in ("allow", "flag") for verdict in verdicts)
    assert verdicts[-1].action == "flag"
    assert "crisis recently" in verdicts[-1].reasons[-1]


def test_new_members_cannot_post_unknown_links(moderator, post):
    link = "my blog: https://myblog.example.net"
    newcomer = post(link, author_id=1, joined_at=POSTED_AT - timedelta(minutes=10))
    young_account = post(link, author_id=2, account_created_at=POSTED_AT - timedelta(days=2))
    regular = post(link, author_id=3)

    assert moderator.check(newcomer).action == "delete"
    assert moderator.check(young_account).action == "delete"
    assert moderator.check(regular).action == "flag"


def test_state_forgets_the_least_recently_active_keys_beyond_its_bound():
    windows: RollingWindows = RollingWindows(horizon_seconds=60, max_keys=3, max_records=4)
    record = type("Record", (), {"at": 0.0})()

    for key in range(10):
        windows.add(key, record)
    window = None
    for _ in range(10):
        window = windows.add("busy", record)

    assert len(windows) == 3
    assert window is not None and len(window) == 4
