"""The dashboard in a real Chromium (Playwright, system browser) against a real server and store.

Skips with the reason when /usr/bin/chromium or the playwright package is missing
(`apt-get install -y chromium`, `pip install playwright`; never `playwright install`).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("FLASHPOINT_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
API_KEY = "web-test-key-5c1e8a3f9d2b7e40"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"

pytest.importorskip("fastapi", reason="the API needs fastapi (pip install 'flashpoint[serve]')")
pytest.importorskip("uvicorn", reason="the API needs uvicorn (pip install 'flashpoint[serve]')")
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="browser tests need the playwright package (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)",
                allow_module_level=True)

from flashpoint.api import create_app, hash_key  # noqa: E402
from flashpoint.api.serving import BackgroundServer  # noqa: E402

# Realistic news for the store the page opens on (coded by the real pipeline).
SEED_ARTICLES = [
    ("Iran fires missiles at U.S. bases in Iraq",
     "Iran fired more than a dozen ballistic missiles at two Iraqi bases hosting U.S. troops on "
     "Wednesday, the Pentagon said. The missiles struck the Ain al-Asad air base and a base in Erbil.",
     "2020-01-08"),
    ("Thousands march in Baghdad",
     "Tens of thousands of protesters marched in central Baghdad on Friday to demand the expulsion "
     "of U.S. forces from Iraq. Police arrested several protesters near the Green Zone.",
     "2020-01-24"),
    ("Israel strikes targets in Syria",
     "Israeli jets struck Iranian targets near Damascus on Monday, the Syrian army said. "
     "Syria condemned the attack.",
     "2020-01-13"),
]


@pytest.fixture(scope="module")
def web_server(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Iterator[BackgroundServer]:
    from datetime import date

    from flashpoint.aggregate import link_store
    from flashpoint.ingest.assemble import assemble_article
    from flashpoint.store import Store

    db = tmp_path_factory.mktemp("web") / "news.duckdb"
    articles = [assemble_article(title=t, caption="", body=b, published=date.fromisoformat(d),
                                 url=f"https://example-news.org/{i}")
                for i, (t, b, d) in enumerate(SEED_ARTICLES)]  # fmt: skip
    with Store(db) as store:
        store.add(pipeline.code_articles(articles))
        link_store(store)
    app = create_app(db, api_key_hash=hash_key(API_KEY, iterations=2_000), pipeline=pipeline)
    with BackgroundServer(app) as srv:
        yield srv


@pytest.fixture(scope="session")
def api_key() -> str:
    return API_KEY


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser, web_server: BackgroundServer, tmp_path: Path, request: pytest.FixtureRequest):
    """A fresh page on the dashboard; console errors and failed requests are collected in
    ``page.fp_errors``; a screenshot is written at the end (and copied to
    $FLASHPOINT_SCREENSHOTS when set)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: errors.append(f"request failed: {r.url} {r.failure}"))
    pg.fp_errors = errors
    pg.goto(web_server.url + "/")
    yield pg
    shot = tmp_path / f"{request.node.name}.png"
    pg.screenshot(path=str(shot), full_page=True)
    out = os.environ.get("FLASHPOINT_SCREENSHOTS")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(out) / shot.name)
    context.close()
