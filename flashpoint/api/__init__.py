"""REST API over a flashpoint store (FastAPI), serving the dashboard of :mod:`flashpoint.web`.

Needs the ``serve`` extra: ``pip install "flashpoint[serve]"`` (fastapi, uvicorn).
"""
from flashpoint.api.keys import ENV_VAR, hash_key, load_key_hash, verify_key

try:
    from flashpoint.api.app import create_app
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
    if exc.name not in ("fastapi", "starlette"):
        raise
    _missing = exc.name

    def create_app(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ModuleNotFoundError(
            f"the flashpoint API needs {_missing}: pip install \"flashpoint[serve]\""
        )

__all__ = ["ENV_VAR", "create_app", "hash_key", "load_key_hash", "verify_key"]
