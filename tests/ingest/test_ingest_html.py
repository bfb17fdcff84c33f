"""HTML pages: main text and metadata (title, date, URL, site name)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint.ingest import Rejected, iter_articles
from flashpoint.ingest.html import html_to_article, trafilatura_available
from flashpoint.model import Article

PARAGRAPHS = [
    "Iran fired more than a dozen ballistic missiles at two military bases in Iraq housing U.S. "
    "forces early on Wednesday, in retaliation for the killing of Qassem Soleimani.",
    "The Pentagon said the missiles were launched from Iran and targeted the Ain al-Asad air base "
    "and a facility in Erbil. There was no immediate word on casualties.",
    "Iraqi Prime Minister Adel Abdul Mahdi said he had received a message from Iran shortly after "
    "midnight that the response to the killing was starting or about to start.",
]


def page(*, published: str | None = "2020-01-08T03:05:00Z", canonical: bool = True, dateline: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    link = '<link rel="canonical" href="https://www.example-news.co.uk/world/iran-strikes">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Iran fires missiles at U.S. bases in Iraq | Example News</title>
<meta property="og:title" content="Iran fires missiles at U.S. bases in Iraq">
<meta property="og:site_name" content="Example News">
{meta}{link}
<script>var tracking = "should not appear";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Iran fires missiles at U.S. bases in Iraq</h1>{dateline}{body}</article>
<footer><p>Copyright Example News. All rights reserved.</p></footer>
</body></html>"""


def test_html_file_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(page(), encoding="utf-8")
    (a,) = iter_articles([path])
    assert isinstance(a, Article), a
    assert a.title == "Iran fires missiles at U.S. bases in Iraq"
    assert set(PARAGRAPHS) <= set(a.body.split("\n\n"))  # each paragraph kept whole
    assert "tracking" not in a.text and "Copyright" not in a.text and "Home" not in a.text
    assert a.url == "https://www.example-news.co.uk/world/iran-strikes"
    assert a.outlet == "example-news.co.uk"
    assert a.published == date(2020, 1, 8) and a.published_inferred is False
    assert a.language == "en"
    assert a.origin == str(path)


def test_html_without_metadata_date_infers_from_dateline(tmp_path: Path) -> None:
    path = tmp_path / "story.htm"
    dateline = "<p>BAGHDAD, Jan. 8, 2020 (AFP) - Officials in Baghdad confirmed the strikes.</p>"
    path.write_text(page(published=None, canonical=False, dateline=dateline), encoding="utf-8")
    (a,) = iter_articles([path])
    assert isinstance(a, Article), a
    assert a.published == date(2020, 1, 8) and a.published_inferred is True
    assert a.url is None and a.outlet == "Example News"  # no URL: the site name stands in


def test_html_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "cyr.html"
    text = "Министерство обороны России заявило во вторник, что его войска отразили атаку беспилотников."
    html = f'<html><head><meta charset="windows-1251"><title>Атака</title></head><body><article><p>{text}</p></article></body></html>'
    path.write_bytes(html.encode("cp1251"))
    (a,) = iter_articles([path])
    assert isinstance(a, Article), a
    assert text in a.body
    assert a.language == "ru"


def test_html_with_no_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty-page.html"
    path.write_text("<html><head><title></title></head><body><script>x()</script></body></html>", encoding="utf-8")
    (r,) = iter_articles([path])
    assert isinstance(r, Rejected)
    assert r.error.where == str(path) and "no article text" in r.error.problem


def test_html_via_trafilatura() -> None:
    if not trafilatura_available():
        pytest.skip("trafilatura does not import here (lxml>=5.2 needs the lxml_html_clean package); "
                    "the built-in extractor is tested above")
    a = html_to_article(page(), origin="page.html")
    assert isinstance(a, Article)
    assert "ballistic missiles" in a.body and a.published == date(2020, 1, 8)
