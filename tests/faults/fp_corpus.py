"""Short, varied wire-style news items for corpus-scale tests (distinct texts, realistic events)."""
from __future__ import annotations

import json
from pathlib import Path

_ACTORS = ["Iranian", "Israeli", "Russian", "Ukrainian", "Turkish", "Syrian", "Iraqi", "Saudi", "Pakistani", "Indian"]
_CITIES = ["Baghdad", "Kyiv", "Damascus", "Ankara", "Tehran", "Gaza", "Aleppo", "Kabul", "Mosul", "Kharkiv"]
_TEMPLATES = [
    "{a} forces fired rockets at {b} positions near {city} on Tuesday, killing {n} soldiers, officials said.",
    "The {a} foreign minister met his {b} counterpart in {city} on Monday to discuss a ceasefire.",
    "Thousands of protesters marched through {city} on Friday to demand the release of {n} detained activists.",
    "{a} police arrested {n} suspected militants in a raid in {city} on Wednesday, the interior ministry said.",
    "The {a} government accused {b} officials of supporting armed groups around {city}.",
    "{a} warplanes struck a weapons depot outside {city} overnight, a military spokesman said.",
]


def article(i: int) -> dict[str, str]:
    a, b = _ACTORS[i % 10], _ACTORS[(i * 3 + 1) % 10]
    if a == b:
        b = _ACTORS[(i + 5) % 10]
    city = _CITIES[(i * 7) % 10]
    text = _TEMPLATES[i % len(_TEMPLATES)].format(a=a, b=b, city=city, n=2 + i)
    return {"id": f"wire-{i:05d}", "title": f"Report {i}: {city}", "text": text,
            "published": f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}"}


def write_jsonl(path: Path, start: int, count: int) -> Path:
    path.write_text("".join(json.dumps(article(i)) + "\n" for i in range(start, start + count)), encoding="utf-8")
    return path
