"""Shared fixtures: where ../shared is, and one pipeline per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = SHARED / "examples" / "rss_item_iran_strikes_2020-01-08.txt"


@pytest.fixture(scope="session")
def example_path() -> Path:
    if not EXAMPLE.exists():
        pytest.skip(f"the shipped example is not at {EXAMPLE} (../shared is absent beside the repo)")
    return EXAMPLE


@pytest.fixture(scope="session")
def pipeline():
    from flashpoint.pipeline import default_pipeline

    return default_pipeline()
