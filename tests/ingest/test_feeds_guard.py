"""SSRF guard, feed lists, dedup keys and XML safety: no network beyond 127.0.0.1."""
from __future__ import annotations

import pytest
from fp_feed_server import FeedServer, rss

from flashpoint.errors import InputError
from flashpoint.ingest.feeds import (
    Fetcher, canonical_url, check_feed_xml, check_url, is_public_address, parse_feed, read_feed_list,
)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/feed", "http://localhost:8080/rss", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/", "http://224.0.0.1/", "http://100.64.0.1/", "http://240.0.0.1/",
])
def test_private_targets_are_refused(url):
    with pytest.raises(InputError, match="refused: host .* non-public address"):
        check_url(url)


def test_private_targets_are_allowed_with_the_flag():
    check_url("http://127.0.0.1:8080/feed", allow_private=True)


def test_names_are_checked_after_dns():
    def resolve(host, port):
        return {"intranet.example.org": ["93.184.216.34", "10.0.0.5"], "news.example.org": ["93.184.216.34"]}[host]

    with pytest.raises(InputError, match="10.0.0.5"):
        check_url("https://intranet.example.org/rss", resolve=resolve)
    check_url("https://news.example.org/rss", resolve=resolve)  # every address public: allowed


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "//x/"])
def test_other_schemes_are_refused(url):
    with pytest.raises(InputError, match="scheme"):
        check_url(url)


def test_public_address_classification():
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700:4700::1111")
    assert not is_public_address("fe80::1") and not is_public_address("fc00::1")


def test_redirect_to_loopback_is_refused(tmp_path):
    with FeedServer() as server:
        server.set("/feed.xml", rss(("g1", "Troops clash", "Troops clashed.")))
        # the first host is allowed by name; the redirect to another name for the same machine is not
        server.set("/moved", status=302, headers={"Location": server.url("/feed.xml", host="localhost")})
        server.set("/meta", status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        with Fetcher(allow_hosts=frozenset({f"127.0.0.1:{server.port}"})) as fetcher:
            assert fetcher.get(server.url("/feed.xml")).status == 200
            with pytest.raises(InputError, match="refused: host 'localhost'"):
                fetcher.get(server.url("/moved"))
            with pytest.raises(InputError, match="169.254.169.254"):
                fetcher.get(server.url("/meta"))
        assert server.hits["/feed.xml"] == 1  # the refused redirect was never followed
        with Fetcher() as fetcher, pytest.raises(InputError, match="refused"):
            fetcher.get(server.url("/feed.xml"))
        assert server.hits["/feed.xml"] == 1


def test_feed_list_text_and_opml(tmp_path):
    txt = tmp_path / "feeds.txt"
    txt.write_text("# world\nReuters World https://feeds.example.com/world.xml\n\nhttps://b.example.org/rss\n")
    feeds = read_feed_list(txt)
    assert [(f.name, f.url) for f in feeds] == [
        ("Reuters World", "https://feeds.example.com/world.xml"), ("b.example.org", "https://b.example.org/rss")]
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
                    '<outline text="BBC World" type="rss" xmlUrl="https://feeds.example.co.uk/world/rss.xml"/>'
                    '</outline></body></opml>')
    assert [(f.name, f.url) for f in read_feed_list(opml)] == [("BBC World", "https://feeds.example.co.uk/world/rss.xml")]
    bad = tmp_path / "bad.txt"
    bad.write_text("https://ok.example.com/rss\nnot-a-url\n")
    with pytest.raises(InputError, match=r"bad.txt:2: not an http\(s\) feed URL"):
        read_feed_list(bad)
    bomb = tmp_path / "bomb.opml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaa">]><opml><body>&a;</body></opml>')
    with pytest.raises(InputError, match="DTD"):
        read_feed_list(bomb)


def test_canonical_url_drops_tracking_and_fragment():
    assert canonical_url("HTTPS://News.Example.com:443/world/story/?utm_source=rss&id=7#top") == \
        "https://news.example.com/world/story?id=7"
    assert canonical_url("javascript:alert(1)") is None


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title></item></channel></rss>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&x;</title><description>x</description></item></channel></rss>"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, XXE, BILLION_LAUGHS.decode().encode("utf-16"),
                                 b"garbage first <<< " + XXE])
def test_xml_bombs_and_external_entities_are_refused(doc):
    with pytest.raises(InputError, match="refused: the XML declares a DTD or entities"):
        check_feed_xml(doc, "evil feed")
    with pytest.raises(InputError, match="^evil feed: refused"):
        parse_feed(doc, name="evil feed")


def test_feedparser_never_opens_a_path_given_as_content(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text(rss(("s1", "Secret", "Local file content.")))
    with pytest.raises(InputError, match="not an RSS or Atom feed|malformed"):
        parse_feed(str(secret).encode(), name="path feed")
