"""The Discord double against the real discord.py client: a small `commands.Bot` defined here
logs in, syncs, answers slash commands, buttons, modals, messages, DMs and forum posts,
moderates, and survives reconnects."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.endpoints import apply_endpoints
from tests.discord_double import (
    DiscordDouble,
    FakeGuild,
    NoMatchingRequest,
    UnknownCommand,
    running_bot,
)

pytestmark = pytest.mark.e2e

SPAM = "buy now: miracle cure"
PNG_BYTES = b"\x89PNG\r\n\x1a\n-not-really-a-chart"


class StoryModal(discord.ui.Modal, title="Your running story"):
    """One input in a legacy action row, one in a Label: the double submits both shapes."""

    distance = discord.ui.TextInput(label="How far can you run?")
    notes_input = discord.ui.TextInput(style=discord.TextStyle.paragraph, required=False)
    notes = discord.ui.Label(text="Anything else?", component=notes_input)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"Noted: {self.distance.value} / {self.notes_input.value or '-'}", ephemeral=True
        )


class AnswerView(discord.ui.View):
    @discord.ui.button(label="Helpful", style=discord.ButtonStyle.success)
    async def helpful(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message("Thanks for the feedback", ephemeral=True)

    @discord.ui.button(label="Tell us more")
    async def tell_more(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_modal(StoryModal())

    @discord.ui.select(
        placeholder="Where do you run?",
        options=[
            discord.SelectOption(label="Road", value="road"),
            discord.SelectOption(label="Trail", value="trail"),
        ],
    )
    async def surface(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.edit_message(content=f"You run on: {select.values[0]}")


async def ask(interaction: discord.Interaction, question: str) -> None:
    await interaction.response.defer(thinking=True)
    embed = discord.Embed(title="Answer", description=f"About: {question}")
    await interaction.followup.send(embed=embed, view=AnswerView())


async def suggest_questions(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    known = ["Why do my legs stop?", "Is it dystonia?", "Will it go away?"]
    return [app_commands.Choice(name=q, value=q) for q in known if current.lower() in q.lower()]


async def show_profile(interaction: discord.Interaction, member: discord.Member) -> None:
    await interaction.response.send_message(f"Profile of {member.name}", ephemeral=True)


class SampleBot(commands.Bot):
    """What the real bot does, in miniature: commands, views, a modal, replies, moderation."""

    def __init__(self, guild: FakeGuild) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            guild_ready_timeout=0.05,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.fake_guild = guild
        scope = discord.Object(guild.id)
        ask_command = app_commands.Command(name="ask", description="Ask about LLC", callback=ask)
        ask_command.autocomplete("question")(suggest_questions)
        self.tree.add_command(ask_command, guild=scope)
        profile = app_commands.Group(name="profile", description="Runner profiles")
        profile.add_command(
            app_commands.Command(name="show", description="Show a profile", callback=show_profile)
        )
        self.tree.add_command(profile, guild=scope)

    async def setup_hook(self) -> None:
        await self.tree.sync(guild=discord.Object(self.fake_guild.id))

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5-second pause before identifying again: the double has no identify rate limit."""

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        if SPAM in message.content and isinstance(message.author, discord.Member):
            await message.delete()
            await message.author.timeout(dt.timedelta(minutes=10), reason="scam")
            log = self.get_channel(self.fake_guild.mod_log.id)
            assert isinstance(log, discord.TextChannel)
            await log.send(f"Removed message {message.id} by {message.author.id}")
            return
        if message.guild is None:
            await message.channel.send("Got your DM")
            return
        if isinstance(message.channel, discord.Thread):
            return  # forum posts are answered in on_thread_create
        if message.content == "send the chart":
            chart = discord.File(io.BytesIO(PNG_BYTES), filename="chart.png")
            await message.channel.send("Here it is", file=chart)
            return
        if self.user in message.mentions:
            await message.reply("You mentioned me")
            return
        await message.reply(f"You said: {message.content}")

    async def on_thread_create(self, thread: discord.Thread) -> None:
        if thread.parent_id == self.fake_guild.help_forum.id:
            starter = await thread.fetch_message(thread.id)
            await thread.send(f"Welcome! You asked: {starter.content}")


@pytest.fixture
async def sample_bot(discord_double: DiscordDouble) -> AsyncIterator[SampleBot]:
    apply_endpoints(discord_double.api_base, discord_double.gateway_url)
    async with running_bot(SampleBot(discord_double.guild), discord_double) as bot:
        assert isinstance(bot, SampleBot)
        yield bot


async def test_bot_logs_in_identifies_and_becomes_ready(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    assert sample_bot.is_ready()
    assert sample_bot.user is not None and sample_bot.user.id == discord_double.bot_user.id
    assert discord_double.requests_matching("GET", "/users/@me")
    identify = next(frame for frame in discord_double.gateway_frames if frame.op == 2)
    intents = discord.Intents._from_value(identify.data["intents"])
    assert intents.members and intents.message_content
    guild = sample_bot.get_guild(discord_double.guild.id)
    assert guild is not None and guild.get_member(discord_double.moderator.id) is not None
    assert guild.get_channel(discord_double.guild.help_forum.id).type is discord.ChannelType.forum
    assert discord_double.gateway_queries[0] == {
        "v": "10",
        "encoding": "json",
        "compress": "zlib-stream",
    }


async def test_bot_syncs_its_commands_to_the_guild(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    sync = await discord_double.wait_for_request(
        "PUT", f"/applications/{discord_double.guild.application_id}/guilds/{{}}/commands"
    )
    assert sync.path.endswith(f"/guilds/{discord_double.guild.id}/commands")
    assert {command["name"] for command in sync.json} == {"ask", "profile"}
    assert {c["name"] for c in discord_double.synced_commands()} == {"ask", "profile"}


async def test_slash_command_defers_then_follows_up_with_embed_and_button(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    result = await discord_double.run_slash("ask", {"question": "Why do my legs go?"})

    assert result.response_type == 5
    assert result.message is not None
    assert result.message.request.method == "POST"
    assert result.message.embeds[0]["title"] == "Answer"
    assert "About: Why do my legs go?" in result.message.text
    assert result.message.button_labels == ["Helpful", "Tell us more"]
    # Discord turns the "thinking" message into the first follow-up: same id, no second message.
    assert result.callback.response["resource"]["message"]["id"] == str(result.message.id)


async def test_button_click_reaches_the_view_on_that_message(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    answer = await discord_double.run_slash("ask", {"question": "Is it my shoes?"})
    assert answer.message is not None

    thanks = await discord_double.click(answer.message, label="Helpful")

    assert thanks.response_type == 4
    assert thanks.message is not None and thanks.message.ephemeral
    assert thanks.message.content == "Thanks for the feedback"


async def test_modal_submit_reaches_the_modal(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    answer = await discord_double.run_slash("ask", {"question": "Does stretching help?"})
    assert answer.message is not None
    opened = await discord_double.click(answer.message, label="Tell us more")
    assert opened.response_type == 9 and opened.modal is not None
    assert opened.modal.title == "Your running story"

    noted = await discord_double.submit_modal(opened, {"How far can you run?": "5 km"})

    assert noted.message is not None and noted.message.content == "Noted: 5 km / -"


async def test_modal_field_inside_a_label_is_submitted(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    answer = await discord_double.run_slash("ask", {"question": "Hills or flats?"})
    assert answer.message is not None
    opened = await discord_double.click(answer.message, label="Tell us more")

    noted = await discord_double.submit_modal(
        opened, {"How far can you run?": "3 km", "Anything else?": "worse downhill"}
    )

    assert noted.message is not None and noted.message.content == "Noted: 3 km / worse downhill"


async def test_select_updates_the_message_it_is_on(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    answer = await discord_double.run_slash("ask", {"question": "Road or trail?"})
    assert answer.message is not None

    picked = await discord_double.select(answer.message, ["trail"], placeholder="Where do you run?")

    assert picked.response_type == 7
    assert picked.message is not None and picked.message.id == answer.message.id
    assert picked.message.content == "You run on: trail"
    assert discord_double.messages[answer.message.id]["content"] == "You run on: trail"
    with pytest.raises(ValueError, match="not offered"):
        await discord_double.select(answer.message, ["track"], placeholder="Where do you run?")


async def test_autocomplete_returns_the_bots_suggestions(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    choices = await discord_double.autocomplete("ask", {"question": "dyst"}, focused="question")

    assert choices == [{"name": "Is it dystonia?", "value": "Is it dystonia?"}]


async def test_subcommand_with_a_member_option_resolves_the_member(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    result = await discord_double.run_slash(
        "profile show", {"member": discord_double.trusted}, user=discord_double.moderator
    )

    assert result.response_type == 4 and result.ephemeral
    assert result.message is not None
    assert result.message.content == f"Profile of {discord_double.trusted.username}"


async def test_message_gets_a_reply_in_its_channel(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    said = await discord_double.send_message("hello bot", channel=discord_double.guild.community)

    reply = await discord_double.next_bot_message(discord_double.guild.community)

    assert reply.content == "You said: hello bot"
    assert str(reply.request.json["message_reference"]["message_id"]) == said["id"]
    assert reply.request.json["allowed_mentions"]["parse"] == []


async def test_mention_written_in_the_text_reaches_the_bot_as_a_mention(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    await discord_double.send_message(f"{discord_double.bot_user.mention} are you there?")

    reply = await discord_double.next_bot_message(discord_double.guild.general)

    assert reply.content == "You mentioned me"


async def test_uploaded_file_is_recorded_with_its_message(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    await discord_double.send_message("send the chart")

    reply = await discord_double.next_bot_message()

    assert reply.content == "Here it is"
    [upload] = reply.request.files
    assert (upload.filename, upload.data) == ("chart.png", PNG_BYTES)
    assert reply.payload["attachments"][0]["filename"] == "chart.png"


async def test_direct_message_is_answered_in_the_dm_channel(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    await discord_double.send_dm("can I ask privately?")

    reply = await discord_double.next_dm()

    assert reply.content == "Got your DM"
    assert reply.channel_id == discord_double.dm_channel_id(discord_double.member)


async def test_forum_post_is_answered_in_its_thread(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    post = await discord_double.forum_post(
        "Legs give out at 8 km", "What is happening?", tags=["question"]
    )

    reply = await discord_double.next_bot_message(post)

    assert reply.content == "Welcome! You asked: What is happening?"
    assert post.thread["applied_tags"] == [
        str(discord_double.guild.help_forum.available_tags[0][0])
    ]


async def test_scam_message_is_deleted_its_author_timed_out_and_moderators_told(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    spam = await discord_double.send_message(SPAM, channel=discord_double.guild.general)

    await discord_double.wait_for_request(
        "DELETE", f"/channels/{discord_double.guild.general.id}/messages/{spam['id']}"
    )
    timeout = await discord_double.wait_for_request(
        "PATCH",
        f"/guilds/{discord_double.guild.id}/members/{discord_double.member.id}",
        body=lambda body: body.get("communication_disabled_until") is not None,
    )
    alert = await discord_double.next_bot_message(discord_double.guild.mod_log)

    assert timeout.headers["X-Audit-Log-Reason"] == "scam"
    assert discord_double.member_state(discord_double.member)["communication_disabled_until"]
    assert int(spam["id"]) not in discord_double.messages
    assert alert.content == f"Removed message {spam['id']} by {discord_double.member.id}"


async def test_bot_resumes_after_a_dropped_connection_and_keeps_answering(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    assert await discord_double.reconnect(resume=True) == "RESUMED"
    assert [frame.op for frame in discord_double.gateway_frames].count(6) == 1

    await discord_double.send_message("still there?")
    reply = await discord_double.next_bot_message()

    assert reply.content == "You said: still there?"


async def test_bot_identifies_again_after_an_invalid_session_and_keeps_answering(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    assert await discord_double.reconnect(resume=False) == "READY"
    assert discord_double.handshakes == ("READY", "READY")

    result = await discord_double.run_slash("ask", {"question": "After a reconnect?"})

    assert result.message is not None and "After a reconnect?" in result.message.text


async def test_unsynced_command_cannot_be_invoked(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    with pytest.raises(UnknownCommand, match="not synced"):
        discord_double.interaction_slash("ask", {"question": "in a DM?"}, dm=True)
    with pytest.raises(UnknownCommand, match="not in the synced command"):
        discord_double.interaction_slash("ask", {"query": "wrong option name"})


async def test_missing_request_fails_with_the_requests_that_were_made(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    with pytest.raises(NoMatchingRequest, match=r"GET /users/@me -> 200"):
        await discord_double.wait_for_request("DELETE", "/channels/{}/messages/{}", within=0.05)


async def test_unknown_route_is_recorded_and_answered_with_a_discord_style_json_404(
    discord_double: DiscordDouble,
) -> None:
    headers = {"Authorization": f"Bot {discord_double.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{discord_double.api_base}/stickers/1", headers=headers) as response,
    ):
        body = await response.json()
        content_type = response.headers["Content-Type"]

    assert response.status == 404
    assert content_type == "application/json"
    assert body == {"code": 0, "message": "404: Not Found"}
    recorded = await discord_double.wait_for_request("GET", "/stickers/{}")
    assert recorded.status == 404 and "Authorization" not in recorded.headers


async def test_second_response_to_an_interaction_is_rejected(
    discord_double: DiscordDouble, sample_bot: SampleBot
) -> None:
    interaction = discord_double.interaction_slash("ask", {"question": "twice?"})
    callback = (
        f"{discord_double.api_base}/interactions/{interaction['id']}/{interaction['token']}"
        "/callback"
    )
    async with aiohttp.ClientSession() as session:
        async with session.post(callback, json={"type": 5}) as first:
            assert first.status == 200
        async with session.post(callback, json={"type": 5}) as second:
            assert second.status == 400
            assert (await second.json())["code"] == 40060
