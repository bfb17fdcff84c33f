import pytest

from flashpoint.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "news.duckdb") as s:
        yield s


@pytest.fixture
def sample_results():
    from fp_news_samples import sample_results as build

    return build()
