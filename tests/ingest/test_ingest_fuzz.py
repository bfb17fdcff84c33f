"""Property tests: readers never raise, whatever text or bytes they are given."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.ingest import Rejected, iter_articles, parse_published, read_text_item
from flashpoint.model import Article

# text built from the pieces the rules look at: capitals, months, digits, dashes, colons, credits
_PIECES = st.sampled_from([
    "WASHINGTON", "DC", "JANUARY", "Jan.", "07", "2020", ",", " - ", ": ", "—", "(Reuters)", "(AP Photo/X)",
    "Getty Images)", "(Photo by", "Source: ", "http://a.example.com/2020/01/08/x", "\n", "\n\n", "\r\n",
    " ", ".", "the army fired", "é", "\x00", "\ufeff", "\u2028", "\ud800",
])
_NEWSISH = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(), _NEWSISH))
def test_read_text_item_never_raises(text: str) -> None:
    a = read_text_item(text)
    assert isinstance(a, Article)
    assert "\r" not in a.text and "\x00" not in a.text
    a.text.encode("utf-8")  # raises on a lone surrogate left in the text


@settings(max_examples=100, deadline=None)
@given(
    data=st.one_of(st.binary(max_size=2000), _NEWSISH.map(lambda s: s.encode("utf-8", "surrogatepass"))),
    ext=st.sampled_from([".txt", ".jsonl", ".json", ".html", ".htm"]),
)
def test_iter_articles_never_raises_on_bytes(data: bytes, ext: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "input" + ext)
        path.write_bytes(data)
        out = list(iter_articles([path], max_bytes=10_000))
    assert out and all(isinstance(o, Article | Rejected) for o in out)
    for o in out:
        if isinstance(o, Rejected):
            assert o.error.where.startswith(str(path)) and o.error.problem


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=60), _NEWSISH))
def test_parse_published_never_raises(value: str) -> None:
    parse_published(value)


def test_adversarial_dateline_is_fast() -> None:
    text = "Headline\n\n" + ("A, " * 2000) + "Jan 8 " + ("Word " * 2000) + "\n\nBody."
    t0 = time.perf_counter()
    read_text_item(text)
    assert time.perf_counter() - t0 < 1.0
