import importlib.util
import sys
from pathlib import Path

import pytest

# The hand-built news samples live next to the store tests; load them once under their own name.
_SAMPLES = Path(__file__).parents[1] / "store" / "fp_news_samples.py"
if "fp_news_samples" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("fp_news_samples", _SAMPLES)
    assert _spec and _spec.loader
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["fp_news_samples"] = _module
    _spec.loader.exec_module(_module)


@pytest.fixture
def sample_results():
    from fp_news_samples import sample_results as build

    return build()


@pytest.fixture
def events(sample_results):
    return [e for _, evs in sample_results for e in evs]


@pytest.fixture
def articles(sample_results):
    return {a.id: a for a, _ in sample_results}
