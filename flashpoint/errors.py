"""One exception hierarchy; every message names the record and the problem for a person."""
from __future__ import annotations


class FlashpointError(Exception):
    """Base class of every error flashpoint raises on purpose."""


class InputError(FlashpointError):
    """A record could not be read. ``where`` names the file (and line) it came from."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class StoreError(FlashpointError):
    """The DuckDB store refused an operation (schema, version, locked file ...)."""


class ResourceError(FlashpointError):
    """A resource file (lexicon, dictionary, table) is missing or malformed."""
