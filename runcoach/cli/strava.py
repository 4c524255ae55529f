"""`runcoach strava …`: the operator's view of Strava's push subscription (create, show, delete)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from coach.domain.errors import InvalidInput
from runcoach.cli.common import load, with_runtime

if TYPE_CHECKING:
    from integrations.strava import StravaApiGateway
    from runcoach.bootstrap import Runtime

app = typer.Typer(help="Strava: the push subscription that delivers runners' new activities.",
                  no_args_is_help=True)


def _gateway(runtime: Runtime) -> StravaApiGateway:
    from integrations.strava import StravaApiGateway

    setup = runtime.services.deps.strava
    if setup is None or not isinstance(setup.gateway, StravaApiGateway):
        raise InvalidInput("Strava is off: set STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET and "
                           "STRAVA_VERIFY_TOKEN first.")
    return setup.gateway


def _describe(sub: dict[str, object]) -> str:
    return f"subscription {sub.get('id')} → {sub.get('callback_url')} (since {sub.get('created_at')})"


@app.command()
def subscribe(
    callback_url: str = typer.Option("", "--callback-url",
                                     help="Where Strava sends events (default: PUBLIC_URL/strava/webhook)."),
    replace: bool = typer.Option(False, "--replace",
                                 help="Delete a subscription pointing elsewhere and create ours."),
) -> None:
    """Create the push subscription, or show the one that exists. `runcoach serve` must be
    reachable at the callback URL: Strava checks it before answering."""
    settings = load()
    url = callback_url or f"{settings.public_url.rstrip('/')}/strava/webhook"

    async def work(runtime: Runtime) -> None:
        gateway = _gateway(runtime)
        for sub in await gateway.subscriptions():
            sub_id = int(str(sub.get("id")))
            if sub.get("callback_url") == url:
                await runtime.services.strava.remember_subscription(sub_id, url)
                typer.echo(f"Already subscribed: {_describe(sub)}")
                return
            if not replace:
                raise InvalidInput(f"Strava already has {_describe(sub)}; pass --replace to "
                                   f"replace it with {url}.")
            await gateway.delete_subscription(sub_id)
            typer.echo(f"Deleted {_describe(sub)}")
        assert settings.strava_verify_token is not None
        sub_id = await gateway.create_subscription(url, settings.strava_verify_token.get_secret_value())
        await runtime.services.strava.remember_subscription(sub_id, url)
        typer.echo(f"Subscribed: subscription {sub_id} → {url}")

    with_runtime(settings, work)


@app.command()
def show() -> None:
    """Show the push subscription Strava has for this app."""
    settings = load()

    async def work(runtime: Runtime) -> None:
        subs = await _gateway(runtime).subscriptions()
        if not subs:
            typer.echo("No push subscription: run `runcoach strava subscribe`.")
        for sub in subs:
            typer.echo(_describe(sub))

    with_runtime(settings, work)


@app.command()
def unsubscribe() -> None:
    """Delete the push subscription (new activities stop arriving until you subscribe again)."""
    settings = load()

    async def work(runtime: Runtime) -> None:
        gateway = _gateway(runtime)
        subs = await gateway.subscriptions()
        for sub in subs:
            await gateway.delete_subscription(int(str(sub.get("id"))))
            typer.echo(f"Deleted {_describe(sub)}")
        if not subs:
            typer.echo("There was no push subscription.")

    with_runtime(settings, work)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="strava")
