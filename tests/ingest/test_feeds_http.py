"""Polling real feeds from a local HTTP server (127.0.0.1, allow_private=True): conditional GET,
changing content, failures with backoff, slow and oversize servers, full-page fetches."""
from __future__ import annotations

import logging
import random
import time

import pytest
from fp_feed_server import FeedServer, rss

from flashpoint.ingest.feeds import Backoff, FeedPoller, FeedSource, Fetcher, FetchLimits, MemoryLedger

STRIKE = ("iran-strike", "Iran fires missiles at U.S. bases in Iraq",
          "Iran fired more than a dozen ballistic missiles at two Iraqi bases housing U.S. troops on Wednesday.")
PROTEST = ("dc-protest", "Protesters rally in Washington",
           "Hundreds of protesters rallied outside the White House on Tuesday against war with Iran.")
TALKS = ("talks", "Iraq summons ambassadors",
         "Iraq's foreign ministry summoned the Iranian ambassador in Baghdad on Wednesday.")


@pytest.fixture
def server():
    with FeedServer() as s:
        yield s


def poller_for(server, *paths, ledger=None, **kw):
    feeds = [FeedSource.from_url(server.url(p), name=p.strip("/")) for p in paths]
    fetcher = Fetcher(allow_private=True, limits=kw.pop("limits", FetchLimits(timeout=5.0)))
    return FeedPoller(feeds, ledger or MemoryLedger(), fetcher=fetcher, interval=0.0,
                      rng=random.Random(7), **kw)


def test_etag_304_and_changing_content(server):
    server.set("/world.xml", rss(STRIKE, PROTEST), etag='"v1"')
    ledger = MemoryLedger()
    poller = poller_for(server, "/world.xml", ledger=ledger)
    first = poller.poll(poller.feeds[0])
    assert first.status == "ok"
    assert [i.article.title for i in first.items] == [STRIKE[1], PROTEST[1]]
    assert first.items[0].article.record_id == "iran-strike"
    assert first.items[0].article.published.isoformat() == "2020-01-08"
    ledger.mark_seen((k, i.feed.url, i.article.id) for i in first.items for k in i.keys)

    second = poller.poll(poller.feeds[0])
    assert second.status == "not-modified" and not second.items
    assert server.request_headers[-1][1]["if-none-match"] == '"v1"'

    server.set("/world.xml", rss(PROTEST, TALKS), etag='"v2"')  # one old item, one new
    third = poller.poll(poller.feeds[0])
    assert third.status == "ok" and third.already_seen == 1
    assert [i.article.title for i in third.items] == [TALKS[1]]
    assert ledger.load_state(server.url("/world.xml")).etag == '"v2"'
    poller.close()


def test_last_modified_is_sent_back(server):
    stamp = "Wed, 08 Jan 2020 06:00:00 GMT"
    server.set("/lm.xml", rss(STRIKE), last_modified=stamp)
    poller = poller_for(server, "/lm.xml")
    assert poller.poll(poller.feeds[0]).status == "ok"
    assert poller.poll(poller.feeds[0]).status == "not-modified"
    assert server.request_headers[-1][1]["if-modified-since"] == stamp
    poller.close()


def test_same_story_under_a_new_guid_is_not_new(server):
    server.set("/a.xml", rss(STRIKE))
    ledger = MemoryLedger()
    poller = poller_for(server, "/a.xml", ledger=ledger)
    items = poller.poll(poller.feeds[0]).items
    ledger.mark_seen((k, i.feed.url, i.article.id) for i in items for k in i.keys)
    republished = ("iran-strike-v2", STRIKE[1], STRIKE[2])
    server.set("/a.xml", rss(republished).replace("/iran-strike-v2<", "/iran-strike-v2?utm_source=x<"))
    again = poller.poll(poller.feeds[0])
    assert again.items == [] and again.already_seen == 1  # content hash matched
    poller.close()


def test_failing_feeds_are_logged_backed_off_and_the_rest_goes_on(server, caplog):
    server.set("/good.xml", rss(STRIKE))
    server.set("/error.xml", "internal error", status=500, content_type="text/plain")
    server.set("/broken.xml", "<html><body>Service unavailable <<< not a feed")
    server.set("/bomb.xml", b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">]><rss>&a;</rss>')
    ledger = MemoryLedger()
    poller = poller_for(server, "/error.xml", "/broken.xml", "/bomb.xml", "/good.xml", ledger=ledger,
                        backoff=Backoff(base=30.0, jitter=0.0))
    with caplog.at_level(logging.WARNING, logger="flashpoint.feeds"):
        t0 = time.time()
        results = poller.poll_due()
    by_name = {r.feed.name: r for r in results}
    assert by_name["error.xml"].status == "error" and "HTTP 500" in by_name["error.xml"].error
    assert "malformed XML (not well-formed" in by_name["broken.xml"].error
    assert "refused: the XML declares a DTD" in by_name["bomb.xml"].error
    assert by_name["good.xml"].status == "ok" and len(by_name["good.xml"].items) == 1
    for name in ("error.xml", "broken.xml", "bomb.xml"):
        assert any(f"feed {name} (" in r.getMessage() for r in caplog.records)
        state = ledger.load_state(server.url("/" + name))
        assert state.failures == 1 and state.last_status == "error"
        assert state.next_poll_at >= t0 + 30.0
    assert [f.name for f in poller.due()] == ["good.xml"]  # the failed ones wait
    poller.poll(poller.feeds[0])  # polled again anyway: the wait doubles
    state = ledger.load_state(server.url("/error.xml"))
    assert state.failures == 2 and state.next_poll_at >= time.time() + 59.0
    poller.close()


def test_slow_server_times_out(server):
    server.set("/slow.xml", rss(STRIKE), delay=3.0)
    poller = poller_for(server, "/slow.xml", limits=FetchLimits(timeout=0.5))
    t0 = time.perf_counter()
    result = poller.poll(poller.feeds[0])
    assert time.perf_counter() - t0 < 2.5
    assert result.status == "error" and "timed out" in result.error
    poller.close()


def test_oversize_response_is_refused(server):
    server.set("/huge.xml", rss(*[(f"g{i}", "Title", "x" * 1000) for i in range(200)]))
    poller = poller_for(server, "/huge.xml", limits=FetchLimits(max_bytes=50_000, timeout=5.0))
    result = poller.poll(poller.feeds[0])
    assert result.status == "error" and "over the limit of 50,000 bytes" in result.error
    poller.close()


def test_full_pages_are_fetched_and_extracted(server):
    page = ("<html><head><title>Iran strikes bases</title></head><body><article><h1>Iran strikes bases</h1>"
            "<p>TEHRAN (Reuters) - Iran fired ballistic missiles at the Ain al-Asad air base in Iraq on "
            "Wednesday, the Revolutionary Guards said.</p><p>Iraq's military said there were no Iraqi "
            "casualties in the attack on the base in Anbar province.</p></article></body></html>")
    server.set("/story.html", page, content_type="text/html; charset=utf-8")
    feed = rss(("story", "Iran strikes bases", "Short teaser."))
    server.set("/f.xml", feed.replace("http://news.example.com/story", server.url("/story.html")))
    poller = poller_for(server, "/f.xml", fetch_pages=True)
    [item] = poller.poll(poller.feeds[0]).items
    assert "Ain al-Asad" in item.article.body and "Short teaser" not in item.article.body
    assert item.article.record_id == "story"
    assert server.hits["/story.html"] == 1
    poller.close()
