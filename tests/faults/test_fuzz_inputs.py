"""Hostile input on every input path: random bytes, wrong encodings, huge lines, deep nesting,
XML bombs. Nothing may crash or hang; every rejection names where and what.

Example counts: ``FLASHPOINT_FUZZ_EXAMPLES`` per property (default 150, fast enough for CI; set
e.g. 2000 for a deep run). The counts and outcomes are printed at the end (``pytest -s``).
"""
from __future__ import annotations

import codecs
import os
import signal
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.errors import InputError
from flashpoint.ingest import Rejected, iter_articles, read_text_item
from flashpoint.ingest.feeds import item_to_article, parse_feed
from flashpoint.ingest.html import html_to_article
from flashpoint.ingest.jsonl import parse_json_line
from flashpoint.model import Article

N = int(os.environ.get("FLASHPOINT_FUZZ_EXAMPLES", "150"))
PER_CASE_SECONDS = 20.0
TALLY: Counter[str] = Counter()
FUZZ = settings(max_examples=N, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print("\nfuzz cases and outcomes:")
    for key in sorted(TALLY):
        print(f"  {key}: {TALLY[key]}")


@contextmanager
def deadline(seconds: float = PER_CASE_SECONDS):
    """Fail (not hang) when a case runs longer than ``seconds``."""
    def expire(signum, frame):
        raise TimeoutError(f"input took longer than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_outcome(path: str, outcome: object, where_prefix: str) -> None:
    if isinstance(outcome, Article):
        TALLY[f"{path}: article"] += 1
        outcome.text.encode("utf-8")  # no lone surrogates
        assert "\x00" not in outcome.text
    else:
        assert isinstance(outcome, Rejected), type(outcome)
        assert outcome.where.startswith(where_prefix) and len(outcome.problem) > 5
        TALLY[f"{path}: rejected"] += 1


# -- strategies ---------------------------------------------------------------------------------
_WORDS = st.sampled_from(["Iran", "fired", "missiles", "at", "bases", "in", "Iraq", "on", "Tuesday", ".", ",",
                          "\n", "\n\n", "é", "ü", "—", "\u2028", "\ufeff", "\x00", "\ud800", "(Reuters)"])
NEWSISH = st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=60).map(" ".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "shift_jis",
                             "koi8-r", "utf-8-sig", "cp437", "mac-roman"])


@st.composite
def encoded_text(draw) -> bytes:
    text = draw(NEWSISH)
    return codecs.encode(text, draw(ENCODINGS), "replace") if text else b""


HOSTILE_BYTES = st.one_of(st.binary(max_size=3000), encoded_text())
TAGS = st.sampled_from(["div", "p", "article", "main", "script", "style", "table", "td", "svg", "h1", "title",
                        "meta", "br", "iframe", "template", "a"])


@st.composite
def html_doc(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(TAGS)
        choice = draw(st.integers(0, 3))
        if choice == 0:
            parts.append(f"<{tag}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        elif choice == 2:
            parts.append(draw(NEWSISH))
        else:
            parts.append(draw(st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;", "<", ">",
                                               '<meta charset="utf-7">', "<?xml version='1.0'?>"])))
    return "".join(parts)


@st.composite
def feed_doc(draw) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 5))):
        title, body = draw(NEWSISH), draw(st.one_of(NEWSISH, html_doc()))
        guid = draw(st.one_of(st.none(), st.text(max_size=20)))
        items.append(f"<item><title>{title}</title>" + (f"<guid>{guid}</guid>" if guid is not None else "")
                     + f"<link>{draw(st.sampled_from(['http://a.example.com/x', 'javascript:x', '', '//evil']))}</link>"
                     + f"<description>{body}</description><pubDate>{draw(st.text(max_size=30))}</pubDate></item>")
    root = draw(st.sampled_from(['<rss version="2.0"><channel>{}</channel></rss>',
                                 '<feed xmlns="http://www.w3.org/2005/Atom">{}</feed>', "{}", "<rss>{}"]))
    doc = draw(st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', "", '<?xml version="1.0" encoding="latin-1"?>'])) \
        + root.format("".join(items))
    return codecs.encode(doc, draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace")


SENTENCES = st.sampled_from([
    "Iranian forces fired missiles at two U.S. bases in Iraq on Wednesday.",
    "Protesters rallied outside the parliament in Baghdad, police said.",
    "The Turkish foreign minister met his Russian counterpart in Ankara on Monday.",
    "Police arrested 12 suspected militants in Kabul.",
])
NEWS_TEXT = st.builds(lambda a, b, c: f"{a} {b} {c}", SENTENCES, NEWSISH, SENTENCES)
RECORDS = st.fixed_dictionaries(
    {"text": st.one_of(NEWS_TEXT, NEWSISH)},
    optional={k: st.one_of(st.none(), st.integers(), NEWSISH, st.lists(st.integers(), max_size=2))
              for k in ("title", "id", "url", "published", "outlet", "language")},
)
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), NEWSISH),
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(
        st.sampled_from(["text", "body", "title", "id", "url", "published", "outlet", "language", "x"]), kids,
        max_size=6)),
    max_leaves=20,
)


# -- properties ---------------------------------------------------------------------------------
@FUZZ
@given(NEWSISH)
def test_text_items(text):
    with deadline():
        check_outcome("text item", read_text_item(text), "")


@FUZZ
@given(data=HOSTILE_BYTES, ext=st.sampled_from([".txt", ".jsonl", ".json", ".html"]))
def test_files_of_every_kind(data, ext):
    with tempfile.TemporaryDirectory() as tmp, deadline():
        path = Path(tmp, "in" + ext)
        path.write_bytes(data)
        out = list(iter_articles([path]))
        assert out
        for o in out:
            check_outcome(f"file{ext}", o, str(path))


@FUZZ
@given(st.one_of(RECORDS, JSON_VALUES))
def test_jsonl_records(value):
    import json

    line = json.dumps(value, allow_nan=True)
    with deadline():
        check_outcome("jsonl record", parse_json_line(line, "corpus.jsonl:1"), "corpus.jsonl:1")


@FUZZ
@given(html_doc())
def test_html_pages(html):
    with deadline():
        check_outcome("html", html_to_article(html, origin="page.html"), "page.html")


@FUZZ
@given(st.one_of(feed_doc(), HOSTILE_BYTES))
def test_feed_documents(data):
    with deadline():
        try:
            parsed = parse_feed(data, name="fuzz feed")
        except InputError as exc:
            assert exc.where == "fuzz feed" and len(exc.problem) > 5
            TALLY["feed xml: rejected"] += 1
            return
        TALLY["feed xml: parsed"] += 1
        for item in parsed.items:
            check_outcome("feed item", item_to_article(item), "fuzz feed")


@pytest.mark.slow
@settings(max_examples=max(20, N // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(NEWS_TEXT, NEWSISH, st.text(max_size=300)))
def test_code_text(text):
    import flashpoint

    with deadline(60.0):
        events = flashpoint.code_text(text)
    TALLY["code_text: events" if events else "code_text: no events"] += 1
    for e in events:
        assert 0.0 <= e.confidence <= 1.0


# -- explicit hostile cases ---------------------------------------------------------------------
TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize("ext", [".txt", ".jsonl", ".html", ".json"])
def test_ten_megabyte_single_line(tmp_path, ext):
    path = tmp_path / ("huge" + ext)
    line = ("Iran fired missiles at bases in Iraq " * (TEN_MB // 37 + 1))[:TEN_MB]
    payload = {".jsonl": '{"text": "' + line + '"}', ".json": '{"text": "' + line + '"}'}.get(ext, line)
    if ext == ".html":
        payload = "<html><body><p>" + line + "</p></body></html>"
    path.write_text(payload)
    t0 = time.perf_counter()
    with deadline(60.0):
        out = list(iter_articles([path]))
    TALLY[f"10 MB line {ext}: {type(out[0]).__name__}"] += 1
    assert len(out) == 1 and time.perf_counter() - t0 < 60
    if isinstance(out[0], Rejected):
        assert out[0].where.startswith(str(path))
        if ext == ".jsonl":
            assert "line longer than 5,000,000 bytes" in out[0].problem


def test_ten_megabyte_feed_is_handled():
    doc = ('<rss version="2.0"><channel><item><title>Big</title><description>'
           + "Troops clashed near the border. " * (TEN_MB // 32) + "</description></item></channel></rss>").encode()
    with deadline(60.0):
        parsed = parse_feed(doc, name="big feed")
        outcome = item_to_article(parsed.items[0])
    TALLY[f"10 MB feed: {type(outcome).__name__}"] += 1
    assert isinstance(outcome, Article | Rejected)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_html(tmp_path, depth):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * depth + "<p>Rebels attacked a convoy near Goma.</p>"
                    + "</div>" * depth + "</body></html>")
    with deadline(60.0):
        [outcome] = list(iter_articles([path]))
    TALLY[f"nested html {depth}: {type(outcome).__name__}"] += 1
    if isinstance(outcome, Rejected):
        assert outcome.where == str(path) and outcome.problem


def test_deeply_nested_json_and_feed(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 200_000 + "]" * 200_000 + "\n" + '{"text": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001 + "\n")
    with deadline(30.0):
        out = list(iter_articles([path]))
    assert [type(o).__name__ for o in out] == ["Rejected", "Rejected"]
    assert "nested too deeply" in out[0].problem or "expected a JSON object" in out[0].problem
    nested_feed = ("<rss><channel><item><description>" + "<x>" * 100_000 + "</x>" * 100_000
                   + "</description></item></channel></rss>").encode()
    with deadline(60.0):
        try:
            parse_feed(nested_feed, name="deep feed")
            TALLY["nested feed: parsed"] += 1
        except InputError as exc:
            assert exc.where == "deep feed"
            TALLY["nested feed: rejected"] += 1


def test_quadratic_blowup_and_external_dtd_are_refused():
    big_entity = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + b"x" * 100_000 + b'">]><rss>' + b"&a;" * 10_000 + b"</rss>"
    external_dtd = b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd"><rss version="2.0"/>'
    parameter = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><rss/>'
    for doc in (big_entity, external_dtd, parameter):
        with deadline(10.0), pytest.raises(InputError, match="refused"):
            parse_feed(doc, name="bomb")
        TALLY["xml bomb: refused"] += 1
