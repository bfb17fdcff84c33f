"""RSS-item and plain text → Article: title, caption, body, URL, outlet, date, language."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint.ingest import iter_articles, outlet_from_url, read_text_item
from flashpoint.model import Article

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EXAMPLE = SHARED / "examples" / "rss_item_iran_strikes_2020-01-08.txt"

REUTERS_ITEM = """Iran says it will not seek escalation after missile strikes on U.S. bases

BAGHDAD, Jan 8 (Reuters) - Iran fired more than a dozen ballistic missiles at two
military bases in Iraq housing U.S. forces early on Wednesday, officials said.

Iraqi Prime Minister Adel Abdul Mahdi said he had received a message from Iran
shortly after midnight that the attack was imminent.

Source: https://www.reuters.com/article/us-iraq-security/2020/01/08/iran-strikes
"""


@pytest.fixture(scope="module")
def example_text() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"shared example not found at {EXAMPLE} (the shared/ folder sits beside the repo)")
    return EXAMPLE.read_text(encoding="utf-8")


def test_example_rss_item_parts(example_text: str) -> None:
    a = read_text_item(example_text, origin=str(EXAMPLE))
    assert a.title == ("After night in which Iran fired missiles at bases in Iraq, "
                       "the war may be over, or just beginning")
    assert a.caption.startswith("WASHINGTON, DC - JANUARY 07: Protesters demonstrate")
    assert a.caption.endswith("(Photo by Alex Wroblewski/Getty Images)")
    assert a.body.startswith("On Tuesday evening, Iraq directed a series of missiles")
    assert a.body.endswith("nearly universal on the right.")
    assert a.body.count("\n\n") == 4  # five body paragraphs
    assert "Source:" not in a.text
    assert a.url is not None and a.url.startswith("http://feeds.dailykosmedia.com/~r/dailykosofficial/")
    assert a.outlet == "dailykosmedia.com"
    assert a.published == date(2020, 1, 7)
    assert a.published_inferred is True
    assert a.language == "en"
    assert a.origin == str(EXAMPLE)
    assert a.text == "\n\n".join([a.title, a.caption, a.body])


def test_same_article_twice_same_id(example_text: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(example_text, encoding="utf-8")
    # same article with Windows line ends and extra blank lines: same content, same id
    (tmp_path / "b.txt").write_bytes(example_text.replace("\n\n", "\r\n\r\n\r\n").encode("utf-8"))
    first, second = list(iter_articles([tmp_path]))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == second.id
    assert first.origin != second.origin
    assert read_text_item(example_text).id == first.id


def test_reuters_dateline_with_year_from_url() -> None:
    a = read_text_item(REUTERS_ITEM)
    assert a.title.startswith("Iran says it will not seek escalation")
    assert a.caption == ""
    # the hard-wrapped paragraph is unwrapped into one line
    assert a.body.split("\n\n")[0] == (
        "BAGHDAD, Jan 8 (Reuters) - Iran fired more than a dozen ballistic missiles at two "
        "military bases in Iraq housing U.S. forces early on Wednesday, officials said.")
    assert a.outlet == "reuters.com"
    assert a.published == date(2020, 1, 8) and a.published_inferred


def test_explicit_metadata_wins() -> None:
    a = read_text_item(REUTERS_ITEM, url="https://apnews.com/article/x", published=date(2020, 1, 9))
    assert a.url == "https://apnews.com/article/x"
    assert a.outlet == "apnews.com"
    assert a.published == date(2020, 1, 9) and a.published_inferred is False


def test_plain_text_with_short_title() -> None:
    text = ("Ukraine and Russia agree to prisoner swap\n"
            "Ukraine and Russia exchanged 75 prisoners on Sunday, the Ukrainian presidency said, "
            "in a deal brokered by the United Arab Emirates.")
    a = read_text_item(text)
    assert a.title == "Ukraine and Russia agree to prisoner swap"
    assert a.body.startswith("Ukraine and Russia exchanged 75 prisoners")
    assert a.url is None and a.outlet is None and a.published is None


def test_plain_text_without_title_is_all_body() -> None:
    text = ("Israeli troops raided the Jenin refugee camp on Monday, the Palestinian health "
            "ministry said.\n\nAt least three people were killed in the raid.")
    a = read_text_item(text)
    assert a.title == ""
    assert a.body == text


def test_hard_wrapped_first_line_is_not_a_title() -> None:
    text = ("The United Nations Security Council on Tuesday condemned the attack on\n"
            "peacekeepers in southern Lebanon and called for an investigation.")
    a = read_text_item(text)
    assert a.title == ""
    assert a.body.startswith("The United Nations Security Council on Tuesday condemned the attack on peacekeepers")


@pytest.mark.parametrize(
    "caption",
    [
        "Iranian Foreign Minister Javad Zarif speaks in Tehran on Jan. 5, 2020. (AP Photo/Vahid Salemi)",
        "Smoke rises over Gaza City after an Israeli airstrike, January 9, 2024. REUTERS/Mohammed Salem",
        "Photo: Protesters gather outside the parliament in Beirut.",
        "KYIV, UKRAINE - MARCH 03: Rescuers work at the site of a strike. (Photo by Jane Doe/Getty Images)",
    ],
)
def test_caption_detected(caption: str) -> None:
    text = f"Headline about the strike\n\n{caption}\n\nThe ministry said the strike killed two people."
    a = read_text_item(text)
    assert a.caption == caption
    assert a.body == "The ministry said the strike killed two people."


def test_caption_full_date_gives_inferred_date() -> None:
    a = read_text_item("Headline\n\nIranian Foreign Minister Javad Zarif speaks in Tehran on Jan. 5, 2020. "
                       "(AP Photo/Vahid Salemi)\n\nIran said it would respond.")
    assert a.published == date(2020, 1, 5) and a.published_inferred


def test_body_paragraph_without_credit_is_not_a_caption() -> None:
    a = read_text_item("Headline\n\nWASHINGTON (Reuters) - The State Department said on Tuesday it "
                       "would send envoys to the region.\n\nMore text.")
    assert a.caption == ""
    assert a.published is None  # no date in the dateline, none in the URL: nothing is made up


def test_french_text_language() -> None:
    a = read_text_item("Le gouvernement français a annoncé mardi l'envoi de troupes supplémentaires "
                       "au Sahel après une attaque contre une base militaire au Mali.")
    assert a.language == "fr"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("http://feeds.dailykosmedia.com/~r/x", "dailykosmedia.com"),
        ("https://www.bbc.co.uk/news/world-middle-east-51028954", "bbc.co.uk"),
        ("https://edition.cnn.com/2020/01/08/politics/x", "cnn.com"),
        ("http://10.1.2.3/story", "10.1.2.3"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet
