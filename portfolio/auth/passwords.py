"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106), and generated passwords."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verifying against this when the user is unknown costs the same time as a real check. Made on first
    use, not at import: hashing takes ~0.1 s, which every CLI command would otherwise pay."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; an account without a hash (OpenID Connect only) never matches."""
    try:
        return _HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def generate_password() -> str:
    """20 URL-safe random characters (~120 bits)."""
    return secrets.token_urlsafe(15)


def weak_password_reason(password: str) -> str | None:
    """A message key when the password is too weak, else None."""
    if len(password) < MIN_LENGTH:
        return "auth.password.too_short"
    if len(set(password)) < 5:
        return "auth.password.too_simple"
    return None
