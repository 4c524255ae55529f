"""SqlUnitOfWork: one session, one transaction; repositories share it and never commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.athletes import SqlAthleteRepository
from storage.repositories.deliveries import SqlDeliveryRepository
from storage.repositories.goals import SqlGoalRepository
from storage.repositories.inbox import SqlInboxRepository
from storage.repositories.jobs import SqlJobRepository
from storage.repositories.messages import SqlMessageRepository
from storage.repositories.plans import SqlPlanRepository
from storage.repositories.runs import SqlRunRepository
from storage.repositories.social import SqlSocialRepository
from storage.repositories.strava import SqlStravaRepository
from storage.repositories.web_accounts import SqlWebAccountRepository


class SqlUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        assert self._session is not None, "use the unit of work in `async with`"
        return self._session

    async def __aenter__(self) -> SqlUnitOfWork:
        self._session = self._factory()
        self.athletes = SqlAthleteRepository(self._session)
        self.runs = SqlRunRepository(self._session)
        self.goals = SqlGoalRepository(self._session)
        self.plans = SqlPlanRepository(self._session)
        self.messages = SqlMessageRepository(self._session)
        self.inbox = SqlInboxRepository(self._session)
        self.jobs = SqlJobRepository(self._session)
        self.web_accounts = SqlWebAccountRepository(self._session)
        self.social = SqlSocialRepository(self._session)
        self.strava = SqlStravaRepository(self._session)
        self.deliveries = SqlDeliveryRepository(self._session)
        return self

    async def __aexit__(self, *exc: object) -> None:
        # Whatever was not committed is rolled back: a failed use case stores nothing.
        try:
            await self.session.rollback()
        finally:
            await self.session.close()
            self._session = None

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


class SqlUnitOfWorkFactory:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._factory)
