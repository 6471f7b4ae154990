"""Password hashes: salted scrypt, stored as ``scrypt$N$r$p$salt$digest`` (base64 parts).

The cost is N = 2**17, r = 8, p = 1: 128 MiB of memory and about half a second per hash,
the minimum OWASP's password storage cheat sheet gives for scrypt. A stored hash keeps the
parameters it was made with, so older hashes (N = 2**14 before) still verify; the sign-in
code asks :func:`needs_rehash` after a successful check and stores a new hash at the
current cost (``res.users._upgrade_password_hash``)::

    stored = hash_password("correct horse")
    verify_password("correct horse", stored)        # True, in constant time
    needs_rehash(stored)                            # False: made at the current cost

**Test suites only:** the environment variable ``ERP_SCRYPT_N`` lowers N (a power of two,
at least 2**10), because a suite that creates users by the hundred would otherwise spend
minutes hashing; the project's ``conftest.py`` sets it. A server leaves it unset. Hashes made
under a lowered cost are re-hashed at the next sign-in of a server running the default.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
COST_VARIABLE = "ERP_SCRYPT_N"
MIN_N = 2**10
MAX_N = 2**20          # a stored hash asking for more is refused (1 GiB of memory)
_DUMMY_SALT = b"0" * 16


def scrypt_n() -> int:
    """The N of new hashes: ``SCRYPT_N``, or ``ERP_SCRYPT_N`` when a test suite sets it."""
    text = os.environ.get(COST_VARIABLE)
    if not text:
        return SCRYPT_N
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < MIN_N or n > MAX_N or n & (n - 1):
        raise ValueError(f"{COST_VARIABLE} must be a power of two between {MIN_N} and {MAX_N}")
    return n


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int = 32) -> bytes:
    # hashlib refuses more than 32 MiB unless told: allow what (n, r, p) need, and a margin
    maxmem = min(2 * 128 * r * (n + p), 2**31 - 1)
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=maxmem)


def hash_password(password: str) -> str:
    """A new salted hash of ``password`` at the current cost."""
    n, salt = scrypt_n(), secrets.token_bytes(16)
    digest = _scrypt(password, salt, n, SCRYPT_R, SCRYPT_P)
    salt_text, digest_text = base64.b64encode(salt).decode(), base64.b64encode(digest).decode()
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt_text}${digest_text}"


def _parameters(stored: str | None) -> tuple[int, int, int, bytes, bytes] | None:
    """(n, r, p, salt, digest) of a stored hash, or None when it is not a sane one."""
    if not stored or not stored.startswith("scrypt$"):
        return None
    try:
        _scheme, n_text, r_text, p_text, salt, digest = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt_bytes, digest_bytes = base64.b64decode(salt), base64.b64decode(digest)
    except (ValueError, TypeError):
        return None
    if not (2 <= n <= MAX_N and not n & (n - 1) and 1 <= r <= 32 and 1 <= p <= 16):
        return None
    return n, r, p, salt_bytes, digest_bytes


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored`` (constant-time comparison). Without a usable
    hash, a hash is computed anyway, so that an unknown login costs the same time."""
    params = _parameters(stored)
    if params is None:
        _scrypt("x", _DUMMY_SALT, scrypt_n(), SCRYPT_R, SCRYPT_P)
        return False
    n, r, p, salt, expected = params
    try:
        actual = _scrypt(password, salt, n, r, p, dklen=len(expected) or 32)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str | None) -> bool:
    """Whether ``stored`` was made at a lower cost than new hashes get."""
    params = _parameters(stored)
    if params is None:
        return False
    n, r, p = params[:3]
    return n < scrypt_n() or r < SCRYPT_R or p < SCRYPT_P
