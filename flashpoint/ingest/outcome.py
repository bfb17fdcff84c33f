"""What a reader yields per record: an :class:`Article`, or a :class:`Rejected` naming the problem."""
from __future__ import annotations

from dataclasses import dataclass

from flashpoint.errors import InputError
from flashpoint.model import Article


@dataclass(frozen=True)
class Rejected:
    """A record that could not be read. ``error.where`` is ``path`` or ``path:line``."""

    error: InputError

    @property
    def where(self) -> str:
        return self.error.where

    @property
    def problem(self) -> str:
        return self.error.problem

    def __str__(self) -> str:
        return str(self.error)


ReadOutcome = Article | Rejected


def rejected(where: str, problem: str) -> Rejected:
    """Shorthand for ``Rejected(InputError(where, problem))``."""
    return Rejected(InputError(where, problem))
