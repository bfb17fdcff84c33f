"""Versioned data files (lexicons, dictionaries, reference tables). See README.md here."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a packaged resource file, e.g. ``resource_path("tables", "cameo_codes.csv")``."""
    return Path(str(resources.files("flashpoint.resources").joinpath(*parts)))
