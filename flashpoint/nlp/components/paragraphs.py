"""fp_paragraph_breaks: a blank line always ends a sentence (title, caption and body paragraphs
are never parsed as one sentence). Runs before the parser, which respects preset starts."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("fp_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif "\n\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc
