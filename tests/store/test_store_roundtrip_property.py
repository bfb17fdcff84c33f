"""Property: whatever text an event carries, the store gives the same Event back."""
from dataclasses import replace
from datetime import date

from fp_news_samples import strike_article, strike_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.store import Store

texts = st.text(min_size=0, max_size=40)  # any unicode: quotes, tabs, newlines, emoji, NUL


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    actor_text=texts,
    sentence=texts,
    context=st.lists(texts, max_size=3),
    goldstein=st.none() | st.floats(-10, 10, allow_nan=False),
    day=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
)
def test_any_text_round_trips(tmp_path_factory, actor_text, sentence, context, goldstein, day):
    article = strike_article()
    base = strike_events(article)[0]
    event = replace(
        base,
        source=replace(base.source, text=actor_text, name=actor_text or None),
        evidence=replace(base.evidence, sentence=sentence),
        context=context,
        goldstein=goldstein,
        date=day,
    )
    path = tmp_path_factory.mktemp("prop") / "news.duckdb"
    with Store(path) as store:
        store.add([(article, [event])])
        assert store.events() == [event]
