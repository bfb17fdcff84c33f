"""The dashboard: static files (vanilla JS, no build step, nothing from a CDN) served by
:mod:`flashpoint.api` at ``/``."""
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

__all__ = ["STATIC_DIR"]
