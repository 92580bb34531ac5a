"""moderation layer of llc-bot (see ARCHITECTURE.md).

Pure checks over a message plus a small in-memory state store; the Discord adapter applies the
decisions. Entry points: `check_text` (stateless, for the CLI), `Moderator` (stateful, one per
guild's settings), `escalate` (the enforcement ladder), `ModerationConfig`, and
`moderation.desk.ModerationDesk` (decisions with storage, and the bot's one
`CrisisAlertPacer`).
"""

from moderation.config import ModerationConfig, ModerationConfigError
from moderation.content import check_text
from moderation.ladder import Enforcement, escalate
from moderation.message import JoinEvent, MentionCounts, MessageContext
from moderation.moderator import Moderator
from moderation.pacing import CrisisAlertPacer
from moderation.raid import RaidStatus
from moderation.verdict import Verdict

__all__ = [
    "CrisisAlertPacer",
    "Enforcement",
    "JoinEvent",
    "MentionCounts",
    "MessageContext",
    "ModerationConfig",
    "ModerationConfigError",
    "Moderator",
    "RaidStatus",
    "Verdict",
    "check_text",
    "escalate",
]
