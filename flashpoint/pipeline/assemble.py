"""Candidates (tokens) -> Events (typed, resolved, with evidence spans and a confidence)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Span as SpacySpan, Token

from flashpoint.claims import annotate_claims
from flashpoint.coding.candidate import Candidate
from flashpoint.coding.syntax import phrase_tokens, prep_objects
from flashpoint.coding.tables import CameoTables, PloverMapping
from flashpoint.model import Actor, Article, Event, Evidence, Location, Span
from flashpoint.resolve import ActorResolver, PlaceResolver
from flashpoint.resolve.coref import DocMemory, mention_antecedent
from flashpoint.resolve.dates import resolve_date

PLACE_PREPS = ("in", "at", "near", "outside", "inside", "across", "around", "throughout", "into",
               "on", "off", "along", "from")
PLACE_ENTS = {"GPE", "LOC", "FAC"}
DATE_DEPS = {"npadvmod", "tmod", "obl:tmod"}


@dataclass
class DocContext:
    """What the whole article says: its countries (most mentioned first), its last people."""

    countries: list[str]
    memory: DocMemory = field(default_factory=DocMemory)  # actors named so far (coreference)


class EventAssembler:
    def __init__(self, tables: CameoTables, actors: ActorResolver, places: PlaceResolver) -> None:
        self.tables = tables
        self.actors = actors
        self.places = places
        # News repeats the same actor phrases and places endlessly: memoize the lookups (bounded).
        self._resolve = lru_cache(maxsize=50_000)(self._resolve_uncached)
        self._place = lru_cache(maxsize=20_000)(self._place_uncached)
        self._sentence_countries = lru_cache(maxsize=20_000)(self._countries_uncached)

    def _resolve_uncached(self, text: str, head: str, context: tuple[str, ...], when):
        return self.actors.resolve(text, head=head, context_countries=context, when=when)

    def _place_uncached(self, name: str, context: tuple[str, ...]):
        return self.places.resolve(name, context_countries=context)

    def _countries_uncached(self, text: str) -> list[str]:
        return [iso for _, _, iso in self.actors.find_countries(text)]

    def events(self, article: Article, parts: Sequence[tuple[int, Sequence[Candidate]]]) -> list[Event]:
        """Events of one article from its parsed parts: (offset of the part in ``Article.text``,
        candidates found in it). Parts come in text order (pronouns look back)."""
        counts = Counter(iso for _, _, iso in self.actors.find_countries(article.text))
        ctx = DocContext(countries=[c for c, _ in counts.most_common()])
        pairs: list[tuple[Candidate, Event]] = []
        for base, candidates in parts:
            for cand in candidates:
                ev = self._event(article, cand, ctx, base)
                if ev is not None:
                    pairs.append((cand, ev))
        annotate_claims(article, pairs, self.actors)  # attribution, modality, time, background, flags
        return [ev for _, ev in pairs]

    # --------------------------------------------------------------------------------------------
    def _event(self, article: Article, cand: Candidate, ctx: DocContext, base: int) -> Event | None:
        mapping = self.tables.plover_of(cand.code)
        if cand.sense.plover and cand.code == cand.sense.cameo:  # the current manual's reading
            mapping = PloverMapping(cand.sense.plover, cand.sense.mode,
                                    mapping.context if mapping is not None else ())
        if mapping is None:
            return None
        sent = cand.sentence
        sent_countries = self._sentence_countries(sent.text)
        context = _unique(sent_countries + ctx.countries)
        when = self._date(cand, article)
        event_date = when[0] if when else article.published
        source = self._actor(cand.source, context, event_date, ctx, base)
        target = self._actor(cand.target, context, event_date, ctx, base)
        if source.text is None:
            source = Actor(text=None)
        location = self._location(cand, source, target, context, base)
        if (target.text is not None and target.country is None and location is not None
                and location.country and cand.target is not None and cand.code[:2] >= "14"
                and cand.target.ent_type_ not in {"PERSON", "ORG", "NORP"}):
            # material conflict: "struck targets in southern Lebanon" - the target is where it hit
            target.country = location.country
            target.confidence = 0.4
        if target.text is None and mapping.event_type == "PROTEST":
            # PLOVER/CAMEO convention: a protest with no named addressee is directed at the
            # government where it takes place (text stays None: nothing in the sentence says so)
            where = location.country if location is not None else source.country
            if where and len(where) == 3:
                target = Actor(text=None, country=where, sector="GOV", confidence=0.3)
        s_start, s_end = _trimmed(sent, base)
        ev = Event(
            article_id=article.id,
            record_id=article.record_id,
            event_type=mapping.event_type,
            mode=mapping.mode,
            context=list(mapping.context),
            cameo=cand.code,
            goldstein=self.tables.goldstein_of(cand.code),
            quad_class=self.tables.quad_of(cand.code),
            source=source,
            target=target if target.text is not None or target.country else None,
            location=location,
            date=event_date,
            date_precision=when[1] if when else ("day" if article.published else None),
            modality=cand.modality,
            modality_span=(_span(base + cand.modality_cue.idx,
                                 base + cand.modality_cue.idx + len(cand.modality_cue), article)
                           if cand.modality_cue is not None else None),
            evidence=Evidence(
                sentence=article.text[s_start:s_end],
                start=s_start,
                end=s_end,
                trigger=_span(base + cand.trigger.idx, base + cand.trigger.idx + len(cand.trigger), article),
                source=source.span,
                target=target.span,
            ),
            confidence=0.0,
        )
        ev.confidence = _confidence(cand, ev)
        return ev

    def _actor(self, head: Token | None, context: list[str], when, ctx: DocContext, base: int) -> Actor:
        if head is None:
            return Actor(text=None)
        toks = phrase_tokens(head)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        text = head.doc.text[start:end]
        span = Span(base + start, base + end, text)
        memory = ctx.memory
        link = None
        if head.pos_ == "PRON":  # "he", "they": an actor named earlier in the article
            gender = {"Masc": "m", "Fem": "f"}.get(next(iter(head.morph.get("Gender")), ""))
            link = memory.pronoun(head.lower_, gender)
        elif len(toks) <= 2 and (head.pos_ == "PROPN" or head.ent_type_ == "PERSON"):  # "Erdogan", "Mr. Smith" after a full name
            link = memory.surname(text)
        r = None if link is not None or head.pos_ == "PRON" else self._resolve(
            text, head.lemma_, tuple(context[:4]), when)
        if link is None and toks[0].lower_ in ("the", "this", "that") and (
                r is None or (r.actor_id is None and r.confidence <= 0.6)):
            link = memory.description(text, head.lemma_)  # "the minister", "the group"
        is_source = head.dep_ in ("nsubj", "nsubjpass", "agent", "csubj")
        if link is not None:
            a = link.antecedent
            memory.remember(a, subject=is_source)
            return Actor(text=text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                         name=a.name, span=span, resolved=a.country is not None or a.actor_id is not None,
                         confidence=round(min(link.confidence, a.confidence or 1.0), 3))
        if r is None and head.ent_type_ in PLACE_ENTS | {"NORP"}:
            iso = self.actors.country_of(head.text)
            if iso:
                return Actor(text=text, country=iso, span=span, resolved=True, confidence=0.5)
        if r is not None and r.country is None and r.sector is not None and r.actor_id is None:
            country = memory.recent_country()  # "Soldiers shot ...": the article's last country
            if country is not None:
                r = replace(r, country=country, confidence=0.5)
        if head.pos_ != "PRON":
            named = head.ent_type_ == "PERSON" or any(
                t.ent_type_ == "PERSON" and t.head.i == head.i and t.dep_ in ("appos", "compound")
                for t in toks)
            memory.remember(mention_antecedent(self.actors, text, r, when=when, is_person=named),
                            subject=is_source)
        if r is None:
            return Actor(text=text, span=span)
        return Actor(text=text, country=r.country, sector=r.sector, actor_id=r.actor_id,
                     name=r.name, span=span, resolved=True, confidence=r.confidence)

    def _location(self, cand: Candidate, source: Actor, target: Actor, context: list[str], base: int) -> Location | None:
        for tok in _place_candidates(cand):
            ent = _entity_of(tok)
            start, name = _place_name(tok, ent)
            loc = self._place(name, tuple(context[:4]))
            if loc is not None:
                loc = replace(loc)  # the cached object is shared; this event gets its own
            if loc is not None:
                loc.span = Span(base + start, base + start + len(name), name)
                return loc
        for actor in (target, source):  # country level at least: where the target/source is
            if actor.country and len(actor.country) == 3 and actor.country not in {"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"}:
                try:
                    return self.places.country_location(actor.country)
                except (KeyError, LookupError):
                    continue
        return None

    def _date(self, cand: Candidate, article: Article) -> tuple | None:
        for ent in _date_entities(cand):
            r = resolve_date(ent.text, article.published)
            if r is not None:
                return r.date, r.precision
        return None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _trimmed(sent: SpacySpan, base: int) -> tuple[int, int]:
    text = sent.text
    start = base + sent.start_char + (len(text) - len(text.lstrip()))
    end = base + sent.start_char + len(text.rstrip())
    return start, end


def _span(start: int, end: int, article: Article) -> Span:
    return Span(start, end, article.text[start:end])


def _entity_of(tok: Token) -> SpacySpan | None:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _place_candidates(cand: Candidate):
    """Place phrases governed by the trigger, then by its target/object ("bases in Iraq")."""
    heads = [cand.trigger]
    if cand.target is not None:
        heads.append(cand.target)
    if cand.nominal and cand.trigger.head.i != cand.trigger.i:
        heads.append(cand.trigger.head)
    for h in heads:
        for prep in PLACE_PREPS:
            for pobj in prep_objects(h, prep):
                if _placeish(pobj):
                    yield pobj
                for sub in prep_objects(pobj, "in"):  # "at two bases in Iraq"
                    if _placeish(sub):
                        yield sub
    if cand.target is not None and cand.target.ent_type_ in {"GPE", "LOC", "FAC"}:
        yield cand.target


def _placeish(tok: Token) -> bool:
    """A place entity, or a proper name spaCy labelled otherwise (ORG, PERSON, none: the
    gazetteer decides), or a noun named by proper-noun compounds ("the Ain al-Asad air base")."""
    if tok.ent_type_ in PLACE_ENTS:
        return True
    if tok.ent_type_ not in ("", "ORG", "NORP", "PERSON"):
        return False
    return tok.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.lefts)


def _place_name(tok: Token, ent: SpacySpan | None) -> tuple[int, str]:
    """(start offset, text) of a place phrase; a state or country after a comma stays with it
    ("Paris, Texas")."""
    if ent is not None and ent.label_ in PLACE_ENTS:
        doc, end = tok.doc, ent.end
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].ent_type_ == "GPE":
            nxt = _entity_of(doc[end + 1])
            if nxt is not None:
                return ent.start_char, doc.text[ent.start_char:nxt.end_char]
        return ent.start_char, ent.text
    if ent is not None and tok.pos_ == "PROPN":
        return ent.start_char, ent.text
    first = min([c for c in tok.lefts if c.dep_ in ("compound", "amod") and c.pos_ == "PROPN"]
                + [tok], key=lambda t: t.i)
    return first.idx, tok.doc.text[first.idx:tok.idx + len(tok)]


def _date_entities(cand: Candidate):
    clause = cand.trigger if not cand.nominal else cand.trigger.head
    for ent in cand.sentence.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        root = ent.root
        # attached to the event's clause, directly or through a preposition
        t = root
        for _ in range(3):
            if t.head.i == t.i:
                break
            if t.head in (cand.trigger, clause):
                yield ent
                break
            t = t.head


def _confidence(cand: Candidate, ev: Event) -> float:
    """A heuristic score in [0, 1]: verbal triggers with resolved dyads score highest.
    Calibrated against the gold sets by the evaluation harness (reliability table)."""
    score = 0.55 if not cand.nominal else 0.45
    if ev.source.resolved:
        score += 0.2 * max(ev.source.confidence, 0.5)
    elif ev.source.text is None:
        score -= 0.15
    if ev.target is not None and ev.target.resolved:
        score += 0.1
    if cand.sense.objects or cand.sense.preps or cand.sense.modifiers:
        score += 0.1  # the sense was confirmed by its object/preposition/modifier
    if cand.modality != "asserted":
        score -= 0.05
    return round(min(max(score, 0.05), 0.97), 3)
