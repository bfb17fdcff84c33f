"""Resolution of actor phrases and place names to canonical ids (no spaCy here).

>>> from flashpoint.resolve import ActorResolver, PlaceResolver
>>> ActorResolver.load().resolve("Iran's foreign minister").country
'IRN'
"""
from flashpoint.resolve.actors import ActorResolver, ResolvedActor
from flashpoint.resolve.places import PlaceResolver

__all__ = ["ActorResolver", "PlaceResolver", "ResolvedActor"]
