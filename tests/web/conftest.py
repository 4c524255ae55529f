"""Web fixtures: the services with a (cheap) argon2 hasher, the app over them, runners to sign in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from coach.domain.athletes import Athlete
from coach.services import Services
from integrations.passwords import Argon2PasswordHasher
from tests.web.helpers import client_for, make_app


@pytest.fixture
def web_services(services: Services) -> Services:
    # Real argon2id, with costs low enough for tests (production uses the library defaults).
    services.deps.extras["password_hasher"] = Argon2PasswordHasher(time_cost=1, memory_cost=1024)
    services.deps.public_url = "http://test"
    return services


@pytest.fixture
def app(web_services: Services) -> FastAPI:
    return make_app(web_services)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c


@pytest.fixture
async def ana(web_services: Services) -> Athlete:
    return await web_services.athletes.local("ana")


@pytest.fixture
async def bo(web_services: Services) -> Athlete:
    return await web_services.athletes.local("bo")
