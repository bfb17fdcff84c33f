"""Candidates (tokens) -> Events (typed, resolved, with evidence spans and a confidence)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Span as SpacySpan, Token

from flashpoint.claims import annotate_claims, same_moment
from flashpoint.coding.candidate import Candidate
from flashpoint.coding.coder import STANDOFF_ATTACKS
from flashpoint.coding.lexicon import Lexicon
from flashpoint.coding.syntax import phrase_tokens, prep_objects, unwrap_quantity
from flashpoint.coding.tables import CameoTables, PloverMapping
from flashpoint.model import Actor, Article, Event, Evidence, Location, Span
from flashpoint.resolve import ActorResolver, PlaceResolver
from flashpoint.resolve.actors import CONF_CONTEXT_SECTOR
from flashpoint.resolve.coref import DocMemory, mention_antecedent
from flashpoint.resolve.dates import DAY_NAME, resolve_date

PLACE_PREPS = ("in", "at", "near", "outside", "inside", "across", "around", "throughout", "into",
               "on", "off", "along", "through", "from")
PLACE_ENTS = {"GPE", "LOC", "FAC"}
# Entity labels that are never a place, whatever the gazetteer holds ("on Monday", "5,000").
NOT_PLACE_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LAW"}
# Common nouns of named places ("the Balad air base", "the port of Fujairah").
PLACE_NOUNS = frozenset({"base", "airbase", "airfield", "airport", "camp", "port", "harbor",
                         "harbour", "city", "town", "village", "province", "region", "district",
                         "governorate", "county", "state", "oblast", "square", "crossing",
                         "valley", "strait", "island", "capital", "outskirts", "outskirt",
                         "neighbourhood", "neighborhood", "area", "suburb"})
# Nouns for a part of a place, named by "of" ("on the outskirts of Tyre", "the centre of Khan
# Younis", "in the vicinity of the airport"): the place of the "of" phrase is where it happened.
PART_NOUNS = PLACE_NOUNS | {"edge", "centre", "center", "heart", "vicinity", "environs",
                            "entrance", "north", "south", "east", "west", "part", "street",
                            "streets", "road", "gate", "gates", "side", "republic"}
# Prepositions that place a clause or an actor ("clashed in Minneapolis", "police in Paris").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
PLACE_PREP_SET = frozenset(PLACE_PREPS)
PLACE_PREPS_MATERIAL = PLACE_PREP_SET | {"over"}
NESTED_PREPS = frozenset({"in", "of", "near"})
DIRECTION_PREPS = frozenset({"to", "onto"})  # places only through a part: "to the streets of"
# CAMEO roots of physical events that happen where their target is ("struck Kyiv", "seized
# Mosul"), and of visits/hosting ("visited Aleppo").
MATERIAL_CONFLICT = frozenset({"17", "18", "19", "20"})
AT_TARGET = frozenset({"042", "043", "044"})
QUANTITY_WORDS = frozenset({"hundreds", "thousands", "millions", "dozens", "scores", "tens"})
ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "agent", "dative", "attr", "pobj"}
DATE_DEPS = {"npadvmod", "tmod", "obl:tmod"}


@dataclass
class DocContext:
    """What the whole article says: its countries (most mentioned first), its last people."""

    countries: list[str]
    memory: DocMemory = field(default_factory=DocMemory)  # actors named so far (coreference)


class EventAssembler:
    def __init__(self, tables: CameoTables, actors: ActorResolver, places: PlaceResolver,
                 instruments: frozenset[str] = frozenset()) -> None:
        self.tables = tables
        self.actors = actors
        self.places = places
        self.instruments = instruments  # weapon nouns (lexicon frames): "warplanes", "airstrike"
        # News repeats the same actor phrases and places endlessly: memoize the lookups (bounded).
        # Sizes keep memory flat on long runs (a sentence rarely recurs beyond its own article).
        self._resolve = lru_cache(maxsize=20_000)(self._resolve_uncached)
        self._place = lru_cache(maxsize=10_000)(self._place_uncached)
        self._sentence_countries = lru_cache(maxsize=2_000)(self._countries_uncached)

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
        local = not cand.code.startswith("04")  # consultations happen abroad
        source = self._actor(cand.source, context, event_date, ctx, base, local)
        target = self._actor(cand.target, context, event_date, ctx, base, local)
        if source.text is None:
            source = Actor(text=None)
        stated = self._stated_location(cand, context, base)
        location = stated or self._fallback_location(cand, source, target)
        # the target is the stated place, or a phrase around it: "shelled Kharkiv", "gathered
        # in eastern Honiara" (spaCy: ORG, PERSON)
        hit_place = (stated is not None and stated.span is not None and cand.target is not None
                     and target.span is not None and target.span.start <= stated.span.start
                     and stated.span.end <= target.span.end)
        if stated is not None and stated.country and len(stated.country) == 3 and (
                not self._standoff(cand)):
            # "Security forces fired on a march in Dawei", "demonstrators marched on the
            # governor's office in Jayapura": an actor named only by its sector (police,
            # protesters, rebels) acts where the event happens; not for artillery and air
            # strikes, fired across borders. A place that is the target ("denounced France")
            # says where only what has no country yet.
            source = _placed(source, stated.country, over_guess=not hit_place)
            target = _placed(target, stated.country, over_guess=not hit_place)
        if (target.text is not None and location is not None and location.country
                and cand.target is not None and cand.code[:2] >= "14"
                and (cand.target.ent_type_ not in {"PERSON", "ORG", "NORP"} or hit_place)
                and (target.country is None or (
                    stated is not None and target.sector == "CVL" and target.actor_id is None
                    and not self._sentence_countries(target.text)))):
            # material conflict: "struck targets in southern Lebanon" - the target is where it
            # hit; so are the people it killed where the place is stated ("bombed a house in
            # Jabalia, killing five people"), whatever country the story names first
            target.country = location.country
            target.confidence = 0.4
            if hit_place and mapping.event_type == "PROTEST" and target.sector is None:
                target.sector = "GOV"  # a protest in a place: at its government (below)
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
            date_source="text" if when else ("published" if article.published else None),
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

    def _actor(self, head: Token | None, context: list[str], when, ctx: DocContext, base: int,
               local: bool = True) -> Actor:
        """``local``: an actor named only by a sector noun may take the country of the place its
        clause happens in ("police in Kano"); not for meetings and visits (CAMEO 04), which
        happen abroad ("the delegation met ... in Gomel" is not Belarus's)."""
        if head is None:
            return Actor(text=None)
        if head.pos_ == "ADJ" and head.dep_ == "amod" and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "accused Israeli forces": the noun heads the actor, not "Israeli"
        toks = phrase_tokens(head)
        start, end = toks[0].idx, _qualified_end(toks[-1])  # "police in Paris, Texas"
        text = head.doc.text[start:end]
        span = Span(base + start, base + end, text)
        memory = ctx.memory
        link = None
        if head.pos_ == "PRON":  # "he", "they": an actor named earlier in the article
            gender = {"Masc": "m", "Fem": "f"}.get(next(iter(head.morph.get("Gender")), ""))
            link = memory.pronoun(head.lower_, gender)
        elif len(toks) <= 2 and (head.pos_ == "PROPN" or head.ent_type_ == "PERSON"
                                 or head.is_title):  # "Erdogan", "Mr. Smith" after a full name
            link = memory.surname(text)
        if link is None and head.pos_ != "PRON":
            place = self._named_place(head)
            if place is not None:  # "the Ain al-Asad air base": a place, not the person in its name
                return Actor(text=text, country=place.country, span=span, resolved=True,
                             confidence=0.5)
        r = None
        if link is None and head.pos_ != "PRON":
            lemma = _semantic_head(head).lemma_
            r = self._resolve(text, lemma, tuple(context[:4]), when)
            if r is not None and r.actor_id is None and (
                    r.country is None or r.confidence == CONF_CONTEXT_SECTOR):
                # the country comes from context: the actor's own place ("soldiers ... in
                # Mandalay") before the sentence's countries, the other participant's last
                own = self._actor_context(head, context, places=local)
                if own[:4] != context[:4]:
                    r = self._resolve(text, lemma, tuple(own[:4]), when)
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
                r = replace(r, country=country, confidence=CONF_RECENT_COUNTRY)
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

    def _stated_location(self, cand: Candidate, context: list[str], base: int) -> Location | None:
        """The event's place as the sentence states it: the first place named around the trigger
        (its prepositional phrases, its target's, the target itself for attacks and visits, the
        source's, any other place phrase of the clause), refined by a finer place of the same
        country named with it ("the Jenin camp in the West Bank" -> Jenin)."""
        best: Location | None = None
        seen: set[int] = set()
        for tok in _place_candidates(cand):
            if tok.i in seen:
                continue
            seen.add(tok.i)
            loc = self._place_at(tok, context, base)
            if loc is None:
                continue
            if tok.dep_ in ("compound", "poss") and self.places.grain(loc) == 0:
                continue  # "the U.S. drone strike", "Iran's missiles": a nationality, not where
            if best is None:
                best = loc
            elif loc.country == best.country and self.places.grain(loc) > self.places.grain(best):
                best = loc
        return best

    def _fallback_location(self, cand: Candidate, source: Actor, target: Actor) -> Location | None:
        """Where the sentence names no place: the target's or the source's country."""
        # country level at least: where the target is, else the source (not for artillery and
        # air strikes, which are fired across borders: "a Saudi-led coalition airstrike hit a
        # bus" is not in Saudi Arabia; police who fire on protesters are in their own country)
        for actor in (target,) if self._standoff(cand) else (target, source):
            if actor.country and len(actor.country) == 3 and actor.country not in {"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"}:
                try:
                    return self.places.country_location(actor.country)
                except (KeyError, LookupError):
                    continue
        return None

    def _standoff(self, cand: Candidate) -> bool:
        """An attack fired from afar: artillery or air strikes, or one told with a weapon as its
        subject ("American warplanes attacked", "a coalition airstrike hit")."""
        if cand.code[:3] in STANDOFF_ATTACKS or cand.instrument_source:
            return True
        return cand.code[:2] in ATTACK_ROOTS and cand.source is not None and (
            cand.source.lemma_.lower() in self.instruments)

    def _place_at(self, tok: Token, context: list[str], base: int) -> Location | None:
        """The place a token names (gazetteer), as a Location of its own with its text span."""
        start, name = _place_name(tok, _entity_of(tok))
        loc = self._place(name, tuple(context[:4]))
        if loc is None:
            return None
        loc = replace(loc)  # the cached object is shared; this event gets its own
        loc.span = Span(base + start, base + start + len(name), name)
        return loc

    def _named_place(self, head: Token) -> Location | None:
        """A common place noun named by proper-noun compounds ("the Balad air base", "the Jenin
        refugee camp") resolved in the gazetteer below country level, else None."""
        if head.pos_ != "NOUN" or head.lemma_.lower() not in PLACE_NOUNS or not _placeish(head):
            return None
        loc = self._place(_place_name(head, None)[1], ())
        return loc if loc is not None and self.places.grain(loc) > 0 else None

    def _actor_context(self, head: Token, context: list[str], places: bool = True) -> list[str]:
        """Context countries for one actor: the countries of its own place phrases and of the
        places where its clause happens (unless not ``places``), then the sentence/article
        countries, with those named only inside the other participants' phrases last."""
        verb = head.head if head.dep_ in ARG_DEPS else None
        own: list[str] = []
        for owner in ((head, verb) if verb is not None else (head,)) if places else ():
            for tok in _locative_objects(owner):
                own.extend(self._countries_of_place(tok, context))
        others: set[str] = set()
        if verb is not None:
            for c in verb.children:
                if c.i != head.i and c.dep_ in ARG_DEPS:
                    sub = list(c.subtree)
                    others.update(self._sentence_countries(
                        head.doc.text[sub[0].idx:sub[-1].idx + len(sub[-1])]))
        own = _unique(own)
        return own + [c for c in context if c not in own and c not in others] + [
            c for c in context if c not in own and c in others]

    def _countries_of_place(self, tok: Token, context: list[str]) -> list[str]:
        if _placeish(tok):
            loc = self._place(_place_name(tok, _entity_of(tok))[1], tuple(context[:4]))
            if loc is not None and loc.country:
                return [loc.country]
        sub = list(tok.subtree)  # "in Iran's Sistan-Baluchestan province", "at the White House"
        return self._sentence_countries(tok.doc.text[sub[0].idx:sub[-1].idx + len(sub[-1])])

    def _date(self, cand: Candidate, article: Article) -> tuple | None:
        for ent in _date_entities(cand):
            r = resolve_date(ent.text, article.published)
            if r is not None:
                return r.date, r.precision
        return None


CONF_PLACED_SECTOR = 0.4  # a sector actor's country from where its event happens
CONF_RECENT_COUNTRY = 0.5  # a sector actor's country from the article's last one


# confidences of a sector actor's country guessed from the sentence or the article, not said in
# its own words (resolve.actors: context; _actor: the article's last country)
GUESSED_COUNTRY = frozenset({CONF_CONTEXT_SECTOR, CONF_RECENT_COUNTRY})
# sectors that act at home (police, crowds, the opposition): where the event happens says whose
# they are better than a country guessed from the sentence; troops and rebels fight abroad too
HOME_SECTORS = frozenset({"COP", "CVL", "OPP"})


def _placed(actor: Actor, country: str, over_guess: bool = True) -> Actor:
    """``actor`` with ``country`` where it is named by its sector alone (no dictionary entry,
    and no country or one only guessed from context: "protesters demonstrated outside the US
    embassy in Baghdad" are in Iraq), else itself."""
    if actor.text is None or actor.actor_id or not actor.sector:
        return actor
    if actor.country and (not over_guess or actor.confidence not in GUESSED_COUNTRY
                          or actor.sector not in HOME_SECTORS):
        return actor
    return replace(actor, country=country, resolved=True, confidence=CONF_PLACED_SECTOR)


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
    """Place phrases of the event in order of preference: those governed by the trigger, by its
    target ("bases in Iraq"), the target itself where the event happens at it (attacks, seizures,
    visits: "struck Kyiv"), the source's ("police in Paris, Texas"), any other place phrase of
    the clause ("launched missiles at what it called a headquarters in Erbil"), and a place
    target of any other event last."""
    heads = [cand.trigger]
    if cand.target is not None:
        heads.append(cand.target)
    if cand.nominal and cand.trigger.head.i != cand.trigger.i:
        heads.append(cand.trigger.head)
    material = cand.code[:2] in MATERIAL_CONFLICT
    preps = PLACE_PREPS_MATERIAL if material else PLACE_PREP_SET  # "shot down drones over Moscow"
    for h in heads:
        yield from _place_objects(h, preps)
    if (cand.target is not None and (material or cand.code[:3] in AT_TARGET)
            and _placeish(cand.target) and not _seized_person(cand)):
        yield cand.target
    if (cand.target is not None and (material or cand.code[:3] in AT_TARGET)
            and cand.target.lemma_.lower() in PLACE_NOUNS):
        yield from _nested_places(cand.target, 1)  # "attacked the town of Avdiivka"
    for h in heads:  # "flooded the streets of Harare", "took to the streets of Najaf"
        parts = [c for c in h.children if c.dep_ == "dobj"] + list(_objects_of(h, DIRECTION_PREPS))
        if h is cand.target:
            parts.append(h)
        for part in parts:
            if part.lemma_.lower() in PART_NOUNS:
                yield from _nested_places(part, 1)
    if cand.source is not None:
        yield from _place_objects(cand.source, PLACE_PREP_SET)
    clause = cand.trigger if not cand.nominal else cand.trigger.head
    for tok in clause.subtree:
        if tok.dep_ == "pobj" and tok.head.lower_ in preps:
            if _placeish(tok):
                yield tok
            yield from _nested_places(tok, 1)  # "burned cars in several districts of Lille"
            yield from _named_with(tok)
    if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
        # "Unrest spread to Sorong, where rioters attacked the airport": where "where" points
        if _placeish(clause.head):
            yield clause.head
        yield from _nested_places(clause.head, NESTED_DEPTH)
    named_by = heads + ([cand.source] if cand.source is not None else [])
    for h in named_by:  # "the Khartoum sit-in", "the Mogadishu bombing", "Baghdad's Tahrir Square"
        for c in h.children:
            if c.dep_ in ("compound", "poss") and c.ent_type_ in ("GPE", "LOC"):
                yield c
    clause_of = cand.trigger
    while clause_of.dep_ == "conj" and clause_of.head.i != clause_of.i:
        clause_of = clause_of.head  # "..., causing damage and wounding three"
    if clause_of.dep_ == "advcl" and cand.trigger.tag_ == "VBG":
        # "..., killing five": where the main clause happened ("bombed a house in Jabalia")
        main = clause_of.head
        yield from _place_objects(main, preps)
        for c in main.children:
            if c.dep_ in ("dobj", "nsubjpass", "nsubj"):
                yield from _place_objects(c, preps)
                if material and c.dep_ == "dobj" and _placeish(c):
                    yield c  # "shelled Kharkiv, killing three"
    if cand.target is not None and cand.target.ent_type_ in {"GPE", "LOC", "FAC"}:
        yield cand.target
    # last: where the clause it is joined to happened ("escaped from a jail in Maputo, and 33
    # were killed"); the clause that says when ("were killed when police quelled the unrest in
    # Nukus") is part of the trigger's subtree, searched above
    if clause_of.i != cand.trigger.i:
        yield from _place_objects(clause_of, preps)


ATTACK_ROOTS = frozenset({"18", "19", "20"})  # CAMEO assault, fight, mass violence


def weapon_nouns(lex: Lexicon) -> frozenset[str]:
    """Nouns that, as the subject of an attack, say it was fired from afar: instruments
    ("warplanes", "missiles") and nominal artillery and air attacks ("an airstrike hit", "the
    shelling killed")."""
    attacks = {noun for noun, senses in lex.nouns.items()
               if all(sense.cameo[:3] in STANDOFF_ATTACKS for sense in senses)}
    return lex.frames.instrument_nouns | frozenset(attacks)


def _seized_person(cand: Candidate) -> bool:
    """The target of an arrest, detention or abduction (CAMEO 17) that spaCy calls a person
    ("Khan was arrested") is whom it happened to, not where (Haan, Germany)."""
    return cand.code[:2] == "17" and cand.target is not None and (
        cand.target.ent_type_ == "PERSON" or cand.target.dep_ == "poss")  # "Castillo's arrest"


def _place_objects(head: Token, preps: frozenset[str]):
    """Place objects of ``head``'s prepositions, and places nested in them ("at two bases in
    Iraq", "off the port of Fujairah"); where it came from ("from") last."""
    for pobj in sorted(_objects_of(head, preps), key=lambda t: t.head.lower_ == "from"):
        if _placeish(pobj):
            yield pobj
        yield from _nested_places(pobj, NESTED_DEPTH)
        yield from _named_with(pobj)


def _named_with(tok: Token):
    """Places a place phrase names besides its head: a place that names it ("the Kampala
    suburbs", "the Manzini bus rank") and one set beside it ("in Barangay Basak Malutlut,
    Marawi City")."""
    stack = [tok]
    while stack:
        for c in stack.pop().lefts:
            if c.dep_ == "compound":
                if c.ent_type_ in ("GPE", "LOC"):
                    yield c
                stack.append(c)
    for c in tok.rights:
        if c.dep_ == "appos" and _placeish(c):
            yield c


NESTED_DEPTH = 2  # "a flat in the centre of Khan Younis": two phrases below the first


def _nested_places(tok: Token, depth: int):
    """Places nested in a place phrase ("bases in Iraq", "the outskirts of Tyre", "a flat in the
    centre of Khan Younis"); "of" only after a place or a part of one (not "the people of")."""
    for sub in _objects_of(tok, NESTED_PREPS):
        if sub.head.lower_ == "of" and tok.lemma_.lower() not in PART_NOUNS and (
                tok.lower_ not in PART_NOUNS):
            continue
        if _placeish(sub):
            yield sub
        if depth > 1:
            yield from _nested_places(sub, depth - 1)


def _objects_of(tok: Token, preps: frozenset[str]):
    """Objects of the prepositions of ``tok`` that are in ``preps``, in text order (one pass
    over the children: this runs for every actor and event)."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    yield g


def _semantic_head(head: Token) -> Token:
    """The noun that says what an actor is: "hundreds of Bolsonaro supporters" -> supporters."""
    tok = unwrap_quantity(head)
    if tok.i == head.i and head.lower_ in QUANTITY_WORDS:
        tok = next(prep_objects(head, "of"), head)
    return tok


def _locative_objects(tok: Token):
    """Objects of locative prepositions of ``tok`` and those nested in them ("in his speech at
    the White House")."""
    for pobj in _objects_of(tok, LOCATIVE_PREPS):
        yield pobj
        yield from _objects_of(pobj, LOCATIVE_PREPS)


def _placeish(tok: Token) -> bool:
    """A place entity, or a proper name spaCy labelled otherwise (ORG, PERSON, LANGUAGE, none:
    the gazetteer decides), or a noun named by proper-noun compounds ("the Ain al-Asad air base")."""
    if tok.ent_type_ in PLACE_ENTS:
        return True
    if tok.ent_type_ in NOT_PLACE_ENTS:
        return False
    return (tok.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.lefts)
            or _capital_of(tok) is not None)


def _capital_of(tok: Token) -> Token | None:
    """The country word of "the Bahraini capital", "Turkey's capital" (the gazetteer knows
    each country's capital under these names), else None."""
    if tok.lemma_.lower() != "capital":
        return None
    return next((c for c in tok.lefts if c.dep_ in ("amod", "compound", "poss", "nmod")
                 and c.ent_type_ in ("NORP", "GPE")), None)


def _place_name(tok: Token, ent: SpacySpan | None) -> tuple[int, str]:
    """(start offset, text) of a place phrase; a state or country after a comma stays with it
    ("Paris, Texas")."""
    if ent is not None and (ent.label_ in PLACE_ENTS or tok.pos_ == "PROPN"):
        return ent.start_char, tok.doc.text[ent.start_char:_qualified_end(ent[-1])]
    if tok.pos_ == "PROPN" and tok.dep_ == "compound" and tok.head.lemma_.lower() in PLACE_NOUNS:
        tok = tok.head  # "Balad" of "the Balad air base"
    country = _capital_of(tok)
    if country is not None:  # "the Bahraini capital"
        return country.idx, tok.doc.text[country.idx:tok.idx + len(tok)]
    first, stack = tok, [tok]
    while stack:  # the proper-noun compounds, nested ones too ("Sistan-Baluchestan province")
        for c in stack.pop().lefts:
            if c.dep_ in ("compound", "amod") and c.pos_ == "PROPN":
                first = min(first, c, key=lambda t: t.i)
                stack.append(c)
    return first.idx, tok.doc.text[first.idx:tok.idx + len(tok)]


def _qualified_end(last: Token) -> int:
    """End offset of a place name that ends at ``last``, with a following ", <state/country>"
    ("Paris, Texas", "Paris, TX")."""
    doc, end = last.doc, last.idx + len(last)
    i = last.i + 1
    if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].ent_type_ == "GPE" and (
            last.ent_type_ in PLACE_ENTS or last.pos_ == "PROPN"):
        nxt = _entity_of(doc[i + 1])
        if nxt is not None and nxt.start == i + 1:
            return nxt.end_char
    return end


def _date_entities(cand: Candidate):
    """Date and time entities of the event: attached to its clause (directly or through a
    preposition), else a named day further down its clause with no other verb between
    ("opened fire on a march in Managua on Wednesday"). (A participle taking its main
    clause's date, "stormed the camp on Monday, killing 30", was tried: it lowered coded
    linking on two incident sets.)"""
    clause = cand.trigger if not cand.nominal else cand.trigger.head
    dates = [e for e in cand.sentence.ents if e.label_ in {"DATE", "TIME"}]
    for ent in dates:
        # attached to the event's clause, directly or through a preposition
        t = ent.root
        for _ in range(3):
            if t.head.i == t.i:
                break
            if t.head in (cand.trigger, clause):
                yield ent
                break
            t = t.head
    for ent in dates:
        if _day_named(ent) and _governed_by(ent.root, clause):
            yield ent
    if clause.dep_ in ("advcl", "relcl") and any(
            c.lower_ == "when" or (c.dep_ == "mark" and c.lower_ == "after" and same_moment(c))
            for c in clause.children):
        # "the unrest turned deadly last Sunday, when police shot two teenagers": the time of
        # the clause a "when" clause tells, or of the date it follows ("on Sunday, when"); so
        # for "hours after" ("resigned on Monday, hours after his supporters beat ...")
        main = clause.head
        for ent in dates:
            if main in ent or ent.root.head == main or (
                    ent.root.head.head == main and ent.root.head.dep_ == "prep"):
                yield ent


def _day_named(ent: SpacySpan) -> bool:
    """A date that names a day ("on Friday", "December 9"), not a span ("since 2014") or
    another thing's date ("last month's attack")."""
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return bool(DAY_NAME.search(ent.text)) and not (nxt is not None and nxt.tag_ == "POS")


def _governed_by(tok: Token, clause: Token) -> bool:
    """``tok`` is below ``clause`` with no verb between them."""
    t = tok
    for _ in range(8):
        if t.head.i == t.i:
            return False
        t = t.head
        if t == clause:
            return True
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "amod":  # "striking workers" is no clause
            return False
    return False


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
