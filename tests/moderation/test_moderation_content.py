"""The stateless checks on a text, as `llc-bot moderation check` sees them."""

import pytest

from moderation import ModerationConfig, check_text


def test_summary_has_exactly_the_cli_contract_fields():
    summary = check_text("Free nitro for everyone, claim it now").summary()

    assert set(summary) == {"action", "categories", "crisis", "reasons", "check_in", "risk"}
    assert summary["action"] == "delete"
    assert summary["categories"] == ["scam"]


@pytest.mark.parametrize(
    "text",
    [
        "this hill killed my legs",
        "I'm dying to race again",
        "suicide sprints on the track tonight",
        "dead legs after the long run",
        "killed it at the 5k!",
        "the 10k was brutal, I wanted to die at mile 5",
        "this workout is going to kill me",
        "I hurt myself on the trail, twisted ankle",
        "my legs can't take it anymore on the downhills",
    ],
)
def test_runner_idioms_are_not_crisis(text):
    verdict = check_text(text)

    assert verdict.crisis is False
    assert verdict.action == "allow"


def test_crisis_is_flagged_with_an_alert_and_a_warm_reply():
    verdict = check_text("I've been thinking everyone would be better off without me")

    assert verdict.crisis is True
    assert verdict.action == "flag"
    assert verdict.categories == ["crisis"]
    assert verdict.alert_moderators and verdict.warm_reply
    assert verdict.notify_author is None


def test_crisis_message_keeps_abuse_and_misinformation_up_for_a_moderator():
    verdict = check_text("I want to die. You idiots, essential oils cure dystonia for good")

    assert verdict.crisis is True
    assert verdict.action == "flag"
    assert {"crisis", "abuse", "misinformation"} <= set(verdict.categories)
    assert verdict.notify_author is None


def test_a_plan_or_means_is_marked_as_urgent_for_moderators():
    verdict = check_text("I've been saving up my pills and I have a plan to kill myself tonight")

    assert verdict.crisis is True
    assert "plan, a means or a time" in verdict.reasons[0]


def test_personal_data_is_deleted_and_the_author_told_privately_without_the_data():
    verdict = check_text("text me on 555-867-5309 or jane.runner@gmail.com")

    assert verdict.action == "delete"
    assert verdict.categories == ["personal_data"]
    assert verdict.notify_author is not None
    assert "moderators were alerted" in verdict.notify_author
    for private in ("555", "jane", "gmail"):
        assert private not in verdict.notify_author
        assert all(private not in reason for reason in verdict.reasons)


def test_someone_elses_scan_results_are_personal_data_but_an_eponym_is_not():
    assert check_text("Mark's MRI showed a herniated disc").categories == ["personal_data"]
    assert check_text("Parkinson's disease diagnosis was ruled out").action == "allow"
    assert check_text("Dr. Patel's report says my scan is clear").action == "allow"


def test_race_splits_and_dates_are_not_phone_numbers():
    verdict = check_text("Splits 5:10 5:05 4:58, ladder of 400 800 1200 1600, race 2024-05-12")

    assert verdict.action == "allow"


def test_misinformation_is_flagged_for_review_not_deleted():
    verdict = check_text("Doctors don't want you to know this miracle supplement cures LLC")

    assert verdict.action == "flag"
    assert verdict.categories == ["misinformation"]
    assert verdict.alert_moderators
    assert verdict.notify_author is None


def test_questions_and_denials_about_remedies_are_not_claims():
    assert check_text("Has anyone tried essential oils? Did they fix anything?").action == "allow"
    assert check_text("There's no miracle cure, but hip strength work helped me").action == "allow"
    assert check_text("Don't stop seeing your physio just because it is slow").action == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "my damn hamstring locked up again",
        "fuck this injury, I just want to race",
        "ugh I'm such an idiot, went out too fast",
        "you absolute legend, congrats!",
        "You're not stupid for asking",
        "thank you stupid legs for holding up",
    ],
)
def test_venting_and_banter_are_not_abuse(text):
    assert check_text(text).action == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "you're a fucking idiot",
        "<@123456789> is a pathetic loser",
        "you people are pathetic",
        "u r a m0r0n",
        "you f*cking clown",
        "kys",
    ],
)
def test_insults_aimed_at_people_are_abuse(text):
    verdict = check_text(text)

    assert verdict.action == "delete"
    assert verdict.categories == ["abuse"]


def test_community_allow_list_keeps_medical_words_out_of_insults():
    assert check_text("you had a stroke?").action == "allow"
    assert check_text("you're on valium?").action == "allow"


def test_guild_can_deny_its_own_words():
    config = ModerationConfig.defaults().with_overrides({"abuse": {"insult_words": ["slowpoke"]}})

    assert check_text("you slowpoke", config).categories == ["abuse"]
    assert check_text("you slowpoke").action == "allow"


def test_links_on_the_allowlist_pass_and_others_wait_for_a_moderator():
    assert check_text("https://pubmed.ncbi.nlm.nih.gov/16831289/").action == "allow"
    assert check_text("see https://en.m.wikipedia.org/wiki/Dystonia").action == "allow"
    assert check_text("read https://myblog.example.net/llc").action == "flag"


def test_invites_are_deleted_even_when_disguised():
    for text in ("discord.gg/runners", "discord . gg / runners", "https://discord.com/invite/x1"):
        verdict = check_text(text)
        assert (verdict.action, verdict.categories) == ("delete", ["link"]), text


def test_discord_message_links_are_not_invites():
    assert check_text("https://discord.com/channels/1/2/3").action == "allow"


@pytest.mark.parametrize(
    "link", ["dlscord.com/gift", "steamcornmunity.com/trade", "discord-nitro.gift/x", "paypa1.com"]
)
def test_lookalike_domains_are_scams(link):
    verdict = check_text(f"check this {link}")

    assert verdict.action == "delete"
    assert "scam" in verdict.categories


def test_email_domains_are_not_links():
    assert "link" not in check_text("mail me at someone@gmail.com").categories


def test_long_messages_are_checked_within_the_scan_limit():
    training_log = " ".join(f"km{number} easy" for number in range(600))

    assert check_text("free nitro " + training_log).categories == ["scam"]
    assert check_text(training_log + " free nitro").action == "allow"


def test_emoji_and_newline_walls_are_spam():
    assert check_text("🔥" * 30).categories == ["spam"]
    assert check_text("a\n" * 45).categories == ["spam"]
    assert check_text("Mon 8k\nTue rest\nWed 6x1k\nThu easy\nFri off").action == "allow"


def test_mentioning_everyone_is_mention_spam():
    assert check_text("@everyone look at my race").categories == ["mention_spam"]
