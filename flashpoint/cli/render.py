"""Rich rendering of events and articles for people (tables, highlighted evidence)."""
from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from flashpoint.model import Actor, Article, Event

QUAD_STYLE = {1: "green", 2: "bright_green", 3: "yellow", 4: "red"}


def actor_label(a: Actor | None) -> str:
    if a is None or a.text is None:
        return "—"
    code = "".join(x for x in (a.country, a.sector) if x) or "?"
    name = a.name or a.text
    flag = "" if a.resolved else " (unresolved)"
    return f"{name} [{code}]{flag}"


def events_table(article: Article, events: Sequence[Event]) -> Table:
    title = article.title or article.body[:60]
    t = Table(title=f"{title}  ({article.public_id[:24]})", show_lines=False, expand=False)
    for col in ("type", "cameo", "source", "target", "where", "date", "modality", "conf", "trigger"):
        t.add_column(col, overflow="fold")
    for e in events:
        loc = e.location.name if e.location and e.location.name else ""
        t.add_row(
            Text(e.event_type, style=QUAD_STYLE.get(e.quad_class, "")),
            e.cameo,
            actor_label(e.source),
            actor_label(e.target),
            loc,
            e.date.isoformat() if e.date else "",
            e.modality,
            f"{e.confidence:.2f}",
            e.evidence.trigger.text,
        )
    return t


def evidence_text(e: Event) -> Text:
    """The sentence with trigger, source and target highlighted."""
    s = e.evidence
    text = Text(s.sentence)
    for span, style in ((s.source, "bold cyan"), (s.target, "bold magenta"), (s.trigger, "bold red")):
        if span is not None and s.start <= span.start and span.end <= s.end:
            text.stylize(style, span.start - s.start, span.end - s.start)
    return text


def print_article(console: Console, article: Article, events: Sequence[Event]) -> None:
    console.rule(article.title or article.public_id)
    meta = [f"id {article.id}"]
    if article.record_id:
        meta.append(f"record {article.record_id}")
    if article.outlet:
        meta.append(f"outlet {article.outlet}")
    if article.published:
        meta.append(f"published {article.published}{' (inferred)' if article.published_inferred else ''}")
    if article.url:
        meta.append(article.url)
    console.print(" · ".join(meta), style="dim")
    console.print(events_table(article, events))
    for i, e in enumerate(events, 1):
        console.print(f"[bold]{i}. {e.event_type}[/bold] ({e.cameo}, goldstein {e.goldstein}, "
                      f"quad {e.quad_class}) chars {e.evidence.trigger.start}-{e.evidence.trigger.end}")
        console.print(evidence_text(e))
