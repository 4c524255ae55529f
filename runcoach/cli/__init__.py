"""The `runcoach` command: one typer app; each subcommand lives in its own module."""

from __future__ import annotations

import logging
import secrets
import sys

import typer
from pydantic import ValidationError

from coach.domain.errors import CoachError
from runcoach.cli import chat, coaching, importing, serve, strava, tools
from runcoach.settings import SettingsError

app = typer.Typer(help="RunCoach — a chat-first personal running coach.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
serve.register(app)
chat.register(app)
coaching.register(app)
importing.register(app)
tools.register(app)
strava.register(app)

log = logging.getLogger("runcoach")


def _settings_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"{message}" if not where or where == "settings" else f"{where.upper()}: {message}"


def main() -> None:
    """Entry point: errors become one plain sentence on stderr and a non-zero exit status."""
    try:
        # Without standalone mode click returns a command's exit status instead of exiting.
        status = app(standalone_mode=False)
        sys.exit(status if isinstance(status, int) else 0)
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", None)
        sys.exit(code if code is not None else getattr(exc, "code", 0))
    except typer.Abort:
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except CoachError as exc:
        print(f"runcoach: {exc.message}", file=sys.stderr)
        sys.exit(1)
    except SettingsError as exc:
        print(f"runcoach: {exc}", file=sys.stderr)
        sys.exit(2)
    except ValidationError as exc:
        print(f"runcoach: configuration problem: {_settings_problem(exc)}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:
        # click's own usage errors carry a message meant for people.
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):
            show()
            sys.exit(exc.exit_code)
        incident = secrets.token_hex(4)
        log.error("unexpected error (incident %s)", incident, exc_info=exc)
        print(f"runcoach: unexpected error ({type(exc).__name__}); incident {incident} is in the log.",
              file=sys.stderr)
        sys.exit(1)
