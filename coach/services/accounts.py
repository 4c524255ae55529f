"""Web accounts: email and password, Google sign-in, merging accounts, sessions, data choices, erasure."""

from __future__ import annotations

import asyncio
import enum
import logging
import re
from typing import cast
from uuid import UUID

from coach.domain.athletes import Athlete, IdentityKind, Language
from coach.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from coach.ports_web import PasswordHasher
from coach.services.athletes import AthleteService
from coach.services.container import Dependencies

log = logging.getLogger(__name__)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
_GENERATION_TTL_S = 300.0
WRONG_LOGIN = "Wrong email or password."


class LlmData(enum.StrEnum):
    """What of a runner's data the LLM's tools may return (on top of COACH_LLM_STRAVA_DATA)."""

    FULL = "full"            # runs with laps, splits and notes
    SUMMARIES = "summaries"  # one line per run: date, distance, time, HR; no notes or laps
    NONE = "none"            # no run data at all; the model only sees the conversation


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidInput("Please enter a valid email address.")
    return value


def _check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters.")


class AccountService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps
        self._athletes = AthleteService(deps)

    def _hasher(self) -> PasswordHasher:
        hasher = self._deps.extras.get("password_hasher")
        if hasher is None:
            raise Forbidden("Password sign-in is not set up on this server.")
        return cast(PasswordHasher, hasher)

    async def _hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher().hash, password)

    async def _verify(self, stored: str, password: str) -> bool:
        return await asyncio.to_thread(self._hasher().verify, stored, password)

    async def sign_up(self, email: str, password: str, *, language: Language = Language.EN) -> Athlete:
        """A new athlete with an email identity and a password."""
        address = normalise_email(email)
        _check_password(password)
        async with self._deps.uow() as uow:
            taken = await uow.athletes.find_by_identity(IdentityKind.EMAIL, address)
        if taken is not None:
            raise Conflict("That email can't be used to sign up. If it's yours, sign in instead.")
        hashed = await self._hash(password)
        athlete, created = await self._athletes.onboard(
            IdentityKind.EMAIL, address, display_name=address.split("@")[0], language=language)
        if not created:
            raise Conflict("That email can't be used to sign up. If it's yours, sign in instead.")
        async with self._deps.uow() as uow:
            await uow.web_accounts.set_password_hash(athlete.id, hashed)
            await uow.commit()
        return athlete

    async def sign_in(self, email: str, password: str) -> Athlete:
        """The athlete whose email and password these are; Forbidden with one message for every miss."""
        try:
            address = normalise_email(email)
        except InvalidInput:
            raise Forbidden(WRONG_LOGIN) from None
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.find_by_identity(IdentityKind.EMAIL, address)
            stored = await uow.web_accounts.password_hash(athlete.id) if athlete else None
        if athlete is None or stored is None:
            # Spend the same time as a real check, so timing doesn't tell which emails exist.
            await self._hash(password[:MAX_PASSWORD])
            raise Forbidden(WRONG_LOGIN)
        if not await self._verify(stored, password[:MAX_PASSWORD]):
            raise Forbidden(WRONG_LOGIN)
        if self._hasher().needs_rehash(stored):
            rehashed = await self._hash(password)
            async with self._deps.uow() as uow:
                await uow.web_accounts.set_password_hash(athlete.id, rehashed)
                await uow.commit()
        return athlete

    async def set_email_password(self, athlete_id: UUID, email: str, password: str) -> Athlete:
        """Add (or change) the email and password of a signed-in athlete.

        When the email already belongs to another account and the password is that account's,
        the runner has proved they own both: the other account is merged into this one.
        """
        address = normalise_email(email)
        _check_password(password)
        async with self._deps.uow() as uow:
            owner = await uow.athletes.find_by_identity(IdentityKind.EMAIL, address)
            stored = await uow.web_accounts.password_hash(owner.id) if owner else None
        if owner is not None and owner.id != athlete_id:
            if stored is None or not await self._verify(stored, password):
                raise Conflict("That email belongs to another account. Enter that account's "
                               "password to merge it into this one.")
            await self._merge(owner.id, athlete_id)
        hashed = await self._hash(password)
        async with self._deps.uow() as uow:
            for kind, external in (await uow.athletes.identities(athlete_id)).items():
                if kind is IdentityKind.EMAIL and external != address:
                    await uow.athletes.unlink_identity(athlete_id, IdentityKind.EMAIL)
            await uow.athletes.link_identity(athlete_id, IdentityKind.EMAIL, address, move=True)
            await uow.web_accounts.set_password_hash(athlete_id, hashed)
            await uow.commit()
        return await self._athletes.get(athlete_id)

    async def _merge(self, from_id: UUID, into_id: UUID) -> None:
        async with self._deps.uow() as uow:
            await uow.web_accounts.merge_into(from_id, into_id)
            await uow.commit()
        await self._deps.cache.delete(_generation_key(from_id))
        log.info("merged athlete %s into %s", from_id, into_id)

    async def sign_in_external(self, kind: IdentityKind, external_id: str, *, display_name: str,
                               signed_in: UUID | None = None, verified_email: str | None = None,
                               language: Language = Language.EN) -> Athlete:
        """Google (or another OAuth provider) vouched for `external_id`.

        Signed in: the identity is linked to the current athlete (an account it belonged to is
        merged in). Signed out: its athlete, else the athlete owning the verified email, else a
        new athlete.
        """
        async with self._deps.uow() as uow:
            owner = await uow.athletes.find_by_identity(kind, external_id)
            by_email = None
            if owner is None and signed_in is None and verified_email:
                by_email = await uow.athletes.find_by_identity(IdentityKind.EMAIL,
                                                               verified_email.strip().lower())
        if signed_in is not None:
            if owner is not None and owner.id != signed_in:
                await self._merge(owner.id, signed_in)
            async with self._deps.uow() as uow:
                await uow.athletes.link_identity(signed_in, kind, external_id, move=True)
                await uow.commit()
            return await self._athletes.get(signed_in)
        if owner is not None:
            return owner
        if by_email is not None:
            async with self._deps.uow() as uow:
                await uow.athletes.link_identity(by_email.id, kind, external_id, move=True)
                await uow.commit()
            return by_email
        athlete, _ = await self._athletes.onboard(kind, external_id, display_name=display_name,
                                                  language=language)
        return athlete

    async def session_generation(self, athlete_id: UUID) -> int | None:
        """The generation a session cookie must carry to be valid; None when the athlete is gone."""
        key = _generation_key(athlete_id)
        cached = await self._deps.cache.get(key)
        if cached is not None:
            return None if cached == "gone" else int(cached)
        async with self._deps.uow() as uow:
            exists = await uow.athletes.get(athlete_id) is not None
            generation = await uow.web_accounts.session_generation(athlete_id) if exists else None
        await self._deps.cache.set(key, "gone" if generation is None else str(generation),
                                   _GENERATION_TTL_S)
        return generation

    async def sign_out_everywhere(self, athlete_id: UUID) -> int:
        async with self._deps.uow() as uow:
            generation = await uow.web_accounts.bump_session_generation(athlete_id)
            await uow.commit()
        await self._deps.cache.set(_generation_key(athlete_id), str(generation), _GENERATION_TTL_S)
        return generation

    async def has_password(self, athlete_id: UUID) -> bool:
        async with self._deps.uow() as uow:
            return await uow.web_accounts.password_hash(athlete_id) is not None

    async def llm_data(self, athlete_id: UUID) -> LlmData:
        async with self._deps.uow() as uow:
            value = await uow.web_accounts.llm_data(athlete_id)
        return LlmData(value) if value in LlmData.__members__.values() else LlmData.FULL

    async def set_llm_data(self, athlete_id: UUID, value: str) -> LlmData:
        try:
            choice = LlmData(value)
        except ValueError:
            raise InvalidInput("Choose full, summaries or none.") from None
        async with self._deps.uow() as uow:
            await uow.web_accounts.set_llm_data(athlete_id, choice.value)
            await uow.commit()
        return choice

    async def delete_account(self, athlete_id: UUID) -> None:
        """Everything stored about the athlete. Third-party tokens are revoked by the caller first."""
        async with self._deps.uow() as uow:
            if await uow.athletes.get(athlete_id) is None:
                raise NotFound("No such runner.")
            await uow.web_accounts.delete_athlete(athlete_id)
            await uow.commit()
        await self._deps.cache.set(_generation_key(athlete_id), "gone", _GENERATION_TTL_S)
        log.info("deleted athlete %s", athlete_id)


def _generation_key(athlete_id: UUID) -> str:
    return f"session:gen:{athlete_id}"
