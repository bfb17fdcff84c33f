"""`watch_feeds` and the `watch` command against a local feed server: new items coded and stored
once, across rounds and restarts; state persisted in the store."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from fp_feed_server import FeedServer, rss  # noqa: E402

from flashpoint.cli.watch_cmd import register  # noqa: E402
from flashpoint.store import Store  # noqa: E402
from flashpoint.store.feed_ledger import FeedTables  # noqa: E402
from flashpoint.watch import watch_feeds  # noqa: E402

pytestmark = pytest.mark.slow

STRIKE = ("iran-strike", "Iran fires missiles at U.S. bases in Iraq",
          "Iran fired more than a dozen ballistic missiles at two Iraqi bases housing U.S. troops on Wednesday.")
TALKS = ("talks", "Iraq summons Iranian ambassador",
         "Iraq's foreign ministry summoned the Iranian ambassador in Baghdad on Wednesday.")


def test_watch_codes_new_items_once_across_rounds_and_restarts(tmp_path, pipeline):
    db = tmp_path / "feeds.duckdb"
    with FeedServer() as server:
        server.set("/world.xml", rss(STRIKE), etag='"1"')
        server.set("/down.xml", "oops", status=503, content_type="text/plain")
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"World {server.url('/world.xml')}\nDown {server.url('/down.xml')}\n")
        rounds = []

        def next_round(_seconds: float) -> None:  # between rounds: the feed changes
            rounds.append(_seconds)
            server.set("/world.xml", rss(STRIKE, TALKS), etag='"2"')

        with Store(db) as store:
            report = watch_feeds(feeds, store=store, pipeline=pipeline, interval=0.0, max_polls=2,
                                 allow_private=True, sleep=next_round)
            assert report.polls == 2 and report.items_new == 2 and report.events >= 1
            assert any(f.startswith("Down: HTTP 503") for f in report.failures)
            assert store.counts()["articles"] == 2
            state = FeedTables(store).load_state(server.url("/world.xml"))
            assert state["etag"] == '"2"' and state["failures"] == 0
            assert FeedTables(store).load_state(server.url("/down.xml"))["failures"] == 1
        # a restart: state and seen keys come from the store; nothing is coded twice
        with Store(db) as store:
            report = watch_feeds(feeds, store=store, pipeline=pipeline, interval=0.0, max_polls=1,
                                 allow_private=True)
            assert report.items_new == 0 and report.not_modified == 1
            assert store.counts()["articles"] == 2
        assert server.request_headers[-1][1].get("if-none-match") in ('"2"', None)


def test_watch_command_once(tmp_path, pipeline):
    app = typer.Typer()
    register(app)

    @app.command()
    def _other() -> None:  # a second command keeps typer in multi-command mode
        pass

    with FeedServer() as server:
        server.set("/w.xml", rss(TALKS))
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(server.url("/w.xml") + "\n")
        db = tmp_path / "w.duckdb"
        refused = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(tmp_path / "r.duckdb"), "--once"])
        text = " ".join(refused.output.split())
        assert refused.exit_code == 0 and "refused: host '127.0.0.1'" in text and "0 new item(s)" in text
        ok = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(db), "--once", "--allow-private"])
        assert ok.exit_code == 0, ok.output
        assert "1 new item(s) coded" in " ".join(ok.output.split())
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1
