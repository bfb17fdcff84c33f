import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def corpus():
    from incident_data import build_corpus

    return build_corpus()
