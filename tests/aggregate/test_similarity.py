"""Evidence similarity (flashpoint.aggregate.similarity): the counts a report gives and the
words news uses for one thing are compared as one."""
from __future__ import annotations

from test_crowded_day import _report

from flashpoint.aggregate.settings import load_settings
from flashpoint.aggregate.similarity import number_tokens, weighted_jaccard


def test_counts_are_compared_as_words():
    assert number_tokens("At least 27 people were killed on 13 June 2025, six of them children, "
                         "and 1,200 were displaced; one man is missing.") == {"#27", "#6", "#1200"}
    s = load_settings()
    same = _report("x1", "A Russian missile killed 14 people at a railway station in Kramatorsk.",
                   place=None, source="RUS", target="UKR")
    told = _report("x2", "Fourteen civilians died when the station was hit, officials said.",
                   place=None, source="RUS", target="UKR")
    other = _report("x3", "Nine civilians died when the station was hit, officials said.",
                    place=None, source="RUS", target="UKR")
    assert "#14" in same.weights and "#14" in told.weights
    assert weighted_jaccard(same.weights, told.weights) > weighted_jaccard(same.weights, other.weights)
    assert s.number_weight > 0



def test_synonyms_are_compared_as_one_word():
    s = load_settings()
    a = _report("s1", "Demonstrators marched on parliament in Tbilisi.", place=None,
                event_type="PROTEST", source="GEO", target="GEO")
    b = _report("s2", "Protesters marched on parliament in Tbilisi.", place=None,
                event_type="PROTEST", source="GEO", target="GEO")
    c = _report("s3", "Farmers marched on parliament in Tbilisi.", place=None,
                event_type="PROTEST", source="GEO", target="GEO")
    assert s.synonyms["demonstrator"] == s.synonyms["protester"]
    assert "protester" in a.weights and "protester" in b.weights  # one group, one key
    assert weighted_jaccard(a.weights, b.weights) > weighted_jaccard(a.weights, c.weights) + 0.2
    # every word of the resource belongs to one group
    import yaml

    from flashpoint.resources import resource_path
    groups = yaml.safe_load(resource_path("aggregate", "synonyms.yaml").read_text())["groups"]
    words = [w for g in groups for w in g]
    assert len(words) == len(set(words)) and all(" " not in w for w in words)
