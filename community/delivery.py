"""How a direct message can fail, in words the services understand without Discord.

A front end raises these from its sender; the round and survey services catch them, so one
member's closed DMs fail that member's message alone and never stop the others.
"""


class DmClosed(Exception):
    """The member does not accept direct messages from the bot (Discord error 50007)."""


class SendFailed(Exception):
    """A delivery failed for a reason that may pass (rate limit, outage): retry later."""
