"""API keys, hashed at rest: ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``.

The server keeps only the hash (in a file given by ``--api-key-file`` or in the environment
variable ``FLASHPOINT_API_KEY_HASH``); ``flashpoint serve --hash-key`` prints one.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from flashpoint.errors import InputError

ENV_VAR = "FLASHPOINT_API_KEY_HASH"
SCHEME = "pbkdf2_sha256"
ITERATIONS = 200_000
MIN_KEY_LENGTH = 16


def hash_key(key: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """The at-rest form of an API key (a fresh random salt unless one is given)."""
    if len(key) < MIN_KEY_LENGTH:
        raise InputError("API key", f"too short ({len(key)} characters); use at least "
                         f"{MIN_KEY_LENGTH}, e.g. the output of `python -c 'import secrets; "
                         "print(secrets.token_urlsafe(32))'`")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", key.encode(), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def check_hash(stored: str, where: str = "API key hash") -> str:
    """``stored`` stripped, if it is a hash this module wrote; else an InputError for people."""
    stored = stored.strip()
    parts = stored.split("$")
    ok = len(parts) == 4 and parts[0] == SCHEME and parts[1].isdigit()
    if ok:
        try:
            bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
        except ValueError:
            ok = False
    if not ok:
        raise InputError(where, f"not a key hash; expected '{SCHEME}$<iterations>$<salt>$<hash>' "
                         "as printed by `flashpoint serve --hash-key`")
    return stored


def verify_key(key: str, stored: str) -> bool:
    """True when ``key`` hashes to ``stored`` (constant-time comparison)."""
    scheme, iterations, salt, digest = check_hash(stored).split("$")
    got = hashlib.pbkdf2_hmac("sha256", key.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(got.hex(), digest)


def load_key_hash(path: Path | None) -> str | None:
    """The configured key hash: from ``path`` if given, else ``$FLASHPOINT_API_KEY_HASH``, else
    None (the server then refuses writes)."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(str(path), f"cannot read the API key hash file: {exc}") from exc
        return check_hash(text, str(path))
    env = os.environ.get(ENV_VAR)
    return check_hash(env, ENV_VAR) if env else None
