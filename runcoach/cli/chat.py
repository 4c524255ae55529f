"""`runcoach chat`: the coach in the terminal, one message per line of stdin."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

from runcoach.cli.common import load, with_runtime

if TYPE_CHECKING:
    from runcoach.bootstrap import Runtime


def register(app: typer.Typer) -> None:
    @app.command()
    def chat(
        user: str = typer.Option("me", "--user", help="Local runner name."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per input line."),
    ) -> None:
        """Talk to the coach in the terminal (reads one message per line from stdin)."""
        from coach.conversation import TurnContext

        settings = load()

        async def work(runtime: Runtime) -> None:
            athlete = await runtime.services.athletes.local(user)
            interactive = sys.stdin.isatty() and not as_json
            turn = TurnContext(channel="terminal")
            if interactive:
                print("RunCoach — type a message, /help for commands, Ctrl-D to leave.\n")
            for line in sys.stdin:
                text = line.strip()
                if not text:
                    continue
                reply = await runtime.coach.respond(athlete, text, turn)
                # Preferences (language, units) may have changed during the turn.
                athlete = await runtime.services.athletes.get(athlete.id)
                if as_json:
                    print(json.dumps({
                        "reply": reply.text, "plan_changed": reply.plan_changed,
                        "attachments": [{"kind": a.kind, "path": a.path} for a in reply.attachments],
                    }, ensure_ascii=False), flush=True)
                else:
                    print(reply.text)
                    for attachment in reply.attachments:
                        print(f"[{attachment.kind}: {attachment.path}]")
                    print(flush=True)

        with_runtime(settings, work)
