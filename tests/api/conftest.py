"""A real uvicorn server on 127.0.0.1 over a real DuckDB file, seeded with hand-built events."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the API needs fastapi (pip install 'flashpoint[serve]')")
pytest.importorskip("uvicorn", reason="the API needs uvicorn (pip install 'flashpoint[serve]')")

import httpx  # noqa: E402
from api_seed import API_KEY, N_ARTICLES, seed_pairs  # noqa: E402

from flashpoint.api import create_app, hash_key  # noqa: E402
from flashpoint.api.serving import BackgroundServer  # noqa: E402
from flashpoint.store import Store  # noqa: E402



@pytest.fixture(scope="session")
def key_hash() -> str:
    return hash_key(API_KEY, iterations=2_000)  # fewer rounds: fast tests, same code path


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("api") / "news.duckdb"
    with Store(db) as store:
        store.add(seed_pairs(N_ARTICLES))
    return db


@pytest.fixture(scope="module")
def server(seeded_db: Path, key_hash: str, pipeline) -> Iterator[BackgroundServer]:
    app = create_app(seeded_db, api_key_hash=key_hash, max_body_bytes=100_000, pipeline=pipeline)
    with BackgroundServer(app) as srv:
        yield srv


@pytest.fixture()
def client(server: BackgroundServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c
