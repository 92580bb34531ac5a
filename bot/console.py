"""The console chat: a conversation with the answer engine, no Discord needed."""

from __future__ import annotations

from collections.abc import Callable

from bot.render_text import answer_as_text
from knowledge.models import Answer, more_text
from knowledge.service import AnswerService, QuestionError

GREETING = (
    "llc-bot console. Ask about loss of leg coordination while running (LLC). "
    "Type 'more' after an answer for more from the summary, 'quit' or Ctrl-D to leave."
)
_QUIT = {"quit", "exit", "bye", ":q", "q"}
_MORE = {"more", "more from the summary"}  # the console's "More from the summary" button
NOTHING_MORE = "That answer has nothing more from the summary."


def run_console(service: AnswerService, read: Callable[[str], str] = input,
                write: Callable[[str], None] = print) -> None:
    """Answer questions until the member quits; earlier questions give follow-ups context."""
    write(GREETING)
    history: list[str] = []
    last: Answer | None = None
    while True:
        try:
            line = read("\nyou> ")
        except (EOFError, KeyboardInterrupt):
            write("\nTake care.")
            return
        if line.strip().lower() in _QUIT:
            write("Take care.")
            return
        if not line.strip():
            continue
        if line.strip().lower() in _MORE:
            write("\nllc-bot> " + (more_text(last.more, len(last.citations))
                                    if last is not None and last.more else NOTHING_MORE))
            continue
        try:
            answer = service.answer(line, context=history[-1:])
        except QuestionError as error:
            write(str(error))
            continue
        history.append(line)
        last = answer
        write("\nllc-bot> " + answer_as_text(answer))
