"""Imports flow one way (ingest -> nlp -> coding -> resolve -> claims -> pipeline -> store -> export
-> cli); the store and the model never touch spaCy. Checked on the source, statically."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "flashpoint"

# layer -> flashpoint packages it must not import (directly, at module level or inside functions)
FORBIDDEN = {
    "model": {"ingest", "nlp", "coding", "resolve", "claims", "pipeline", "store", "export", "cli", "eval", "bench"},
    "ingest": {"nlp", "coding", "resolve", "claims", "pipeline", "store", "export", "cli"},
    "nlp": {"coding", "resolve", "claims", "pipeline", "store", "export", "cli"},
    "coding": {"resolve", "claims", "pipeline", "store", "export", "cli"},
    "resolve": {"coding", "claims", "pipeline", "store", "export", "cli", "nlp"},
    "claims": {"pipeline", "store", "export", "cli"},
    "store": {"nlp", "coding", "resolve", "claims", "pipeline", "cli", "ingest"},
    "export": {"nlp", "coding", "resolve", "claims", "pipeline", "cli", "ingest"},
    "aggregate": {"nlp", "coding", "resolve", "claims", "pipeline", "cli", "ingest", "eval", "bench"},
}
FORBIDDEN["scale"] = {"cli", "eval", "bench"}
FORBIDDEN["api"] = {"cli"}  # the REST API may use anything below the command line
FORBIDDEN["web"] = {"cli"}
NO_SPACY = {"model", "ingest", "resolve", "store", "export", "aggregate"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_flow_one_way(layer: str) -> None:
    bad = []
    for path in sorted((PKG / layer).rglob("*.py")):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "flashpoint" and len(parts) > 1 and parts[1] in FORBIDDEN[layer]:
                bad.append(f"{path.relative_to(PKG)} imports {name}")
            if layer in NO_SPACY and parts[0] == "spacy":
                bad.append(f"{path.relative_to(PKG)} imports spacy")
    assert bad == []
