"""Deleting an account revokes Strava at (the fake) Strava and removes the link with everything else."""

from __future__ import annotations

from datetime import UTC, datetime

from coach.domain.athletes import IdentityKind
from coach.services import Services
from integrations.passwords import Argon2PasswordHasher
from tests.fakes.strava_api import FakeStrava
from tests.strava.conftest import connect, notifier, strava_services, strava_tuning
from tests.web.helpers import client_for, make_app, make_run, sign_in_by_link

__all__ = ["notifier", "strava_services", "strava_tuning"]  # fixtures used below


async def test_delete_account_revokes_strava_and_removes_the_link(
        strava_services: Services, fake_strava: FakeStrava) -> None:
    services = strava_services
    services.deps.extras["password_hasher"] = Argon2PasswordHasher(time_cost=1, memory_cost=1024)
    ana = await services.athletes.local("ana_strava")
    strava_id = await connect(services, fake_strava, ana.id)
    assert fake_strava.grant(strava_id) is not None
    await services.runs.record_run(ana.id, make_run(datetime(2026, 11, 24, 7, tzinfo=UTC), 5, 28))
    app = make_app(services, public_url=services.deps.public_url)
    async with client_for(app) as client:
        await sign_in_by_link(client, services, ana)
        settings = await client.get("/settings")
        assert "Disconnect Strava" in settings.text
        gone = await client.post("/settings/delete", data={"confirm": "ana_strava"})
        assert gone.status_code == 200
    assert fake_strava.grant(strava_id) is None  # our access was withdrawn at Strava
    async with services.deps.uow() as uow:
        assert await uow.athletes.get(ana.id) is None
        assert await uow.athletes.find_by_identity(IdentityKind.STRAVA, str(strava_id)) is None
        assert await uow.strava.link(ana.id) is None
