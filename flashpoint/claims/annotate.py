"""``annotate_claims``: the one call the assembler makes after it has built an article's events.

For each (candidate, event) pair it records the attribution chain (links resolved as actors
where the dictionary knows them: outlets are MED actors; pronoun speakers through the article's
coreference memory, :mod:`flashpoint.claims.speakers`), refines the modality, dates the event
by its own words, decides whether it is background, and fills ``field_confidence``. Then it
compares the article's events with each other (consistency flags, count disagreements:
:mod:`flashpoint.claims.counts`). Field and event confidences are calibrated
(:mod:`flashpoint.claims.calibration`).
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from flashpoint.claims._words import claim_words
from flashpoint.claims.attribution import AttributionLink, attribution_chain
from flashpoint.claims.background import background_cue, stale
from flashpoint.claims.calibration import calibrate
from flashpoint.claims.confidence import field_confidence
from flashpoint.claims.consistency import consistency_flags
from flashpoint.claims.counts import CountReading, count_flags, event_counts
from flashpoint.claims.modality import refine_modality
from flashpoint.claims.speakers import SpeakerMemory
from flashpoint.claims.time import event_time
from flashpoint.coding.candidate import Candidate
from flashpoint.model import Actor, Article, Attribution, Event, Span
from flashpoint.resolve import ActorResolver

UNREAL = {"future", "hypothetical", "demanded"}  # never earlier context
PLUPERFECT = {"had", "'d"}
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}


def annotate_claims(article: Article, pairs: Sequence[tuple[Candidate, Event]],
                    actors: ActorResolver) -> None:
    """Fill attribution, modality (+ span), date, background, flags and field_confidence of
    the events of one article, in place. ``pairs``: each event with the coder candidate it was
    built from, in text order."""
    words = claim_words()
    dated: list[Event] = []
    nouns: list[set[str]] = []
    counts: list[list[CountReading]] = []
    memory = SpeakerMemory(actors)
    pending: list[tuple[Attribution, AttributionLink]] = []  # pronoun speakers, resolved below
    for cand, ev in pairs:
        base = ev.evidence.trigger.start - cand.trigger.idx  # offset of the parsed doc in the text
        chain = attribution_chain(cand.trigger, words)
        ev.attribution = [_attribution(link, base, article, actors, ev) for link in chain]
        memory.add(ev.source, cand.source, ev.date, subject=True)
        memory.add(ev.target, cand.target, ev.date, subject=False)
        for link, att in zip(chain, ev.attribution):
            if att.actor is not None:
                memory.add(att.actor, link.speaker, ev.date, subject=True)
            elif link.speaker is not None and link.speaker.pos_ == "PRON" and att.span is not None:
                pending.append((att, link))

        modality, cue = refine_modality(cand.trigger, cand.nominal, cand.modality,
                                        cand.modality_cue, chain, words)
        changed = modality != ev.modality
        if changed:
            ev.modality = modality
            ev.modality_span = _span(cue, base, article) if cue is not None else None

        when = event_time(cand.trigger, cand.nominal, article.published)
        if when is not None:
            ev.date, ev.date_precision = when.resolved.date, when.resolved.precision
            ev.date_source = "text"
            dated.append(ev)
        reported = bool(chain) or ev.modality in {"reported", "denied"}
        cue_bg = background_cue(cand.trigger, reported=reported, words=words)
        if cue_bg is not None and cue_bg.lower_ not in PLUPERFECT and ev.modality in UNREAL:
            # "vowed to avenge the killing of": the purpose is future, the killing it presupposes
            # is not (the coder hands a verb's modality down to its object noun)
            ev.modality = "reported" if chain else "asserted"
            ev.modality_span = _span(chain[-1].verb, base, article) if chain else None
            changed = True
        ev.background = ev.modality not in UNREAL and (cue_bg is not None or (
            when is not None and stale(when.resolved.date, when.resolved.precision, article.published, when.text)))
        if ev.background and when is None:
            ev.date = ev.date_precision = ev.date_source = None  # earlier; the text does not say when
        ev.field_confidence = field_confidence(
            ev, confirmed_sense=bool(cand.sense.objects or cand.sense.preps or cand.sense.modifiers),
            nominal=cand.nominal, instrument=cand.instrument_source, own_date=when is not None,
            published_inferred=article.published_inferred, modality_changed=changed)
        calibrate(ev)  # heuristic scores -> probabilities (resources/calibration); before the
        # consistency rules, which then lower the minority reading of a disputed field
        keys, readings = event_counts(cand.trigger, cand.target,
                                      cand.source if cand.instrument_source else None, base, article.text)
        nouns.append(keys)
        counts.append(readings)
    for att, link in pending:  # "He announced that ...": the person named before "He"
        if link.speaker is not None and att.span is not None:
            att.actor = memory.speaker(link.speaker, att.span)
    events = [ev for _, ev in pairs]
    consistency_flags(events, dated=dated)
    count_flags(events, nouns, counts, article.text)


def _span(tok: Token, base: int, article: Article) -> Span:
    start = base + tok.idx
    return Span(start, start + len(tok), article.text[start:start + len(tok)])


def _attribution(link: AttributionLink, base: int, article: Article, actors: ActorResolver,
                 ev: Event) -> Attribution:
    verb = link.verb_text
    if not link.phrase:
        return Attribution(text="", verb=verb, actor=None, span=None)
    start = base + link.phrase[0].idx
    end = base + link.phrase[-1].idx + len(link.phrase[-1])
    span = Span(start, end, article.text[start:end])
    actor = None
    head = link.speaker
    if head is not None and head.lower_ in PRONOUNS and head.pos_ == "PRON":
        if ev.source.span is not None and ev.source.span.start == span.start and ev.source.resolved:
            actor = ev.source  # "he announced": the coder already resolved the speaker
    else:
        r = actors.resolve(span.text, head=head.lemma_ if head is not None else None,
                           context_countries=[c for c in (ev.source.country,) if c], when=ev.date)
        if r is not None:
            actor = Actor(text=span.text, country=r.country, sector=r.sector, actor_id=r.actor_id,
                          name=r.name, span=span, resolved=True, confidence=r.confidence)
    return Attribution(text=span.text, verb=verb, actor=actor, span=span)
