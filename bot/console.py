"""The console chat: a conversation with the answer engine, no Discord needed."""

from __future__ import annotations

from collections.abc import Callable

from bot.render_text import answer_as_text
from knowledge.service import AnswerService, QuestionError

GREETING = (
    "llc-bot console. Ask about loss of leg coordination while running (LLC). "
    "Type 'quit' or press Ctrl-D to leave."
)
_QUIT = {"quit", "exit", "bye", ":q", "q"}


def run_console(service: AnswerService, read: Callable[[str], str] = input,
                write: Callable[[str], None] = print) -> None:
    """Answer questions until the member quits; earlier questions give follow-ups context."""
    write(GREETING)
    history: list[str] = []
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
        try:
            answer = service.answer(line, context=history[-1:])
        except QuestionError as error:
            write(str(error))
            continue
        history.append(line)
        write("\nllc-bot> " + answer_as_text(answer))
