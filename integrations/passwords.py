"""PasswordHasher over argon2-cffi (argon2id with the library's recommended parameters)."""

from __future__ import annotations

import logging

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

log = logging.getLogger(__name__)


class Argon2PasswordHasher:
    def __init__(self, *, time_cost: int | None = None, memory_cost: int | None = None) -> None:
        # Tests may pass cheaper costs; production keeps argon2-cffi's RFC 9106 defaults.
        default = _Argon2()
        self._argon2 = _Argon2(
            time_cost=time_cost or default.time_cost, memory_cost=memory_cost or default.memory_cost
        )

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(stored_hash, password)
        except VerifyMismatchError:
            return False
        except (VerificationError, InvalidHashError):
            log.warning("a stored password hash could not be checked")
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self._argon2.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return True
