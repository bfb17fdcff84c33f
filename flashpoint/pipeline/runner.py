"""The coding pipeline: articles in, events out. spaCy -> coder -> resolution, per stage timed."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from flashpoint.coding.coder import EventCoder
from flashpoint.coding.forms import abbreviations, trigger_forms
from flashpoint.coding.tables import load_tables
from flashpoint.model import Article, Event
from flashpoint.nlp import load_nlp
from flashpoint.nlp.sentences import SentenceFilter
from flashpoint.pipeline.assemble import EventAssembler, weapon_nouns
from flashpoint.pipeline.parallel import code_in_workers
from flashpoint.resolve import ActorResolver, PlaceResolver


class Pipeline:
    """Loads the model, lexicon and knowledge base once; codes any number of articles.

    ``n_process`` > 1 runs the whole pipeline in that many worker processes (see
    ``pipeline/parallel.py``); this process then loads nothing heavy. Negated events are dropped
    unless ``include_negated``.
    """

    def __init__(self, *, language: str = "en", actors_overlay: Path | None = None,
                 n_process: int = 1, batch_size: int = 64, include_negated: bool = False) -> None:
        self.language = language
        self.n_process = n_process
        self.batch_size = batch_size
        self.include_negated = include_negated
        self.timings: dict[str, float] = {"filter": 0.0, "spacy": 0.0, "coding": 0.0, "resolution": 0.0}
        self._options = {"language": language, "actors_overlay": actors_overlay,
                         "batch_size": batch_size, "include_negated": include_negated}
        if n_process > 1:
            return  # workers load their own pipeline
        self.nlp = load_nlp(language)
        self.coder = EventCoder()
        self.sentences = SentenceFilter(trigger_forms(self.coder.lex), abbreviations())
        self.assembler = EventAssembler(
            load_tables(), ActorResolver.load(overlay=actors_overlay), PlaceResolver.load(),
            instruments=weapon_nouns(self.coder.lex),
        )

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Code articles in order, streaming. Only sentences that hold a trigger word are parsed
        (each as its own doc, with its offset in the article); an empty end marker per article
        closes it, so articles without candidate sentences still come out (with no events)."""
        if self.n_process > 1:
            yield from code_in_workers(articles, n_process=self.n_process,
                                       chunk_size=max(8, self.batch_size // 4),
                                       options=self._options, timings=self.timings)
            return
        units = self._units(articles)
        docs = self.nlp.pipe(units, as_tuples=True, batch_size=self.batch_size)
        parts: list[tuple[int, list]] = []
        while True:
            t0 = time.perf_counter()
            try:
                doc, (article, base) = next(docs)
            except StopIteration:
                return
            t1 = time.perf_counter()
            self.timings["spacy"] += t1 - t0
            if base >= 0:
                parts.append((base, self.coder.code_doc(doc)))
                self.timings["coding"] += time.perf_counter() - t1
                continue
            t2 = time.perf_counter()
            events = self.assembler.events(article, parts)
            parts = []
            if not self.include_negated:
                events = [e for e in events if e.modality != "negated"]
            self.timings["resolution"] += time.perf_counter() - t2
            yield article, events

    def _units(self, articles: Iterable[Article]) -> Iterator[tuple[str, tuple[Article, int]]]:
        for article in articles:
            text = article.text
            t0 = time.perf_counter()
            spans = self.sentences.candidates(text)
            self.timings["filter"] += time.perf_counter() - t0
            for span in spans:
                yield text[span.start:span.end], (article, span.start)
            yield "", (article, -1)

    def code_article(self, article: Article) -> list[Event]:
        return next(iter(self.code_articles([article])))[1]


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The process-wide pipeline used by :func:`code_text` (built on first use)."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def code_text(text: str, published: date | None = None, url: str | None = None) -> list[Event]:
    """Code one news text (plain text or the RSS-item form) and return its events."""
    from flashpoint.ingest import read_text_item

    article = read_text_item(text, url=url, published=published)
    return default_pipeline().code_article(article)
