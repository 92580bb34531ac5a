"""Ids and data builders shared by the storage tests (imported as `storage_helpers`)."""

from storage import Store
from storage.records import InfractionKind

GUILD = 800_000_000_000_000_001
OTHER_GUILD = 800_000_000_000_000_002
CHANNEL = 810_000_000_000_000_001
MODERATOR = 900_000_000_000_000_009
ANNA = 111_111_111_111_111_111
BORIS = 222_222_222_222_222_222


async def give_member_one_of_everything(store: Store, member_id: int) -> int:
    """Two consents, a question with the member's own vote, a saved answer, an infraction
    and its appeal; returns the question's id."""
    await store.consents.grant(member_id, "matching")
    await store.consents.withdraw(member_id, "matching")
    await store.consents.grant(member_id, "matching")
    question = await store.questions.record(
        member_id=member_id,
        channel_id=CHANNEL,
        guild_id=GUILD,
        question=f"question of {member_id}",
        answer="an answer",
        citations=[],
        triage="none",
        abstained=False,
    )
    await store.feedback.vote(question.id, member_id, helpful=True)
    await store.community_answers.save(
        question=f"question answered by {member_id}",
        answer="Slow down on the downhill.",
        author_id=member_id,
        saved_by=MODERATOR,
        jump_url="https://discord.com/channels/1/2/3",
        guild_id=GUILD,
    )
    infraction = await store.infractions.add(
        guild_id=GUILD, member_id=member_id, kind=InfractionKind.WARN, reason="link spam"
    )
    await store.infractions.add_appeal(infraction.id, member_id, "It was a race result page.")
    return question.id
