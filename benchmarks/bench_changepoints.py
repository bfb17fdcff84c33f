"""Compare change-point methods on synthetic daily incident series with planted escalations.

Series: 150 days of Poisson counts (base rate 1-4 a day); in half of them the rate rises 2.5-4x
on a random day for 20-40 days, then falls back. A detection is a change raised within 7 days
after a planted change (either direction); everything else is a false alarm.
Run: python benchmarks/bench_changepoints.py
"""
from __future__ import annotations

import time

import numpy as np

from flashpoint.aggregate.changepoints import bocpd, cusum


def _series(rng: np.random.Generator) -> tuple[np.ndarray, list[int]]:
    base = rng.uniform(1, 4)
    n = 150
    rate = np.full(n, base)
    changes: list[int] = []
    if rng.random() < 0.5:
        start = int(rng.integers(40, 100))
        length = int(rng.integers(20, 40))
        rate[start : start + length] *= rng.uniform(2.5, 4)
        changes = [start, start + length] if start + length < n else [start]
    return rng.poisson(rate).astype(float), changes


def _ruptures(x: np.ndarray) -> list[int]:
    import ruptures as rpt

    bkps = rpt.Pelt(model="l2", min_size=5).fit(x).predict(pen=3 * np.var(x) * np.log(len(x)))
    return [b for b in bkps if b < len(x)]


def evaluate(name: str, detect, trials: int = 200) -> None:
    rng = np.random.default_rng(42)
    hits = planted = false = 0
    delays: list[int] = []
    t0 = time.perf_counter()
    points = 0
    for _ in range(trials):
        x, changes = _series(rng)
        points += len(x)
        found = detect(x)  # list of (index, detected_at)
        planted += len(changes)
        used = set()
        for c in changes:
            match = [f for f in found if 0 <= f[0] - c <= 7 or 0 <= c - f[0] <= 3]
            match = [f for f in match if f not in used]
            if match:
                hits += 1
                used.add(match[0])
                delays.append(match[0][1] - c)
        false += len([f for f in found if f not in used])
    ms = (time.perf_counter() - t0) * 1000 / trials
    print(f"{name:10s} recall {hits / planted:5.2f}  false alarms/100 days {100 * false / points:5.2f}"
          f"  median delay {np.median(delays) if delays else float('nan'):4.1f} d  {ms:6.2f} ms/series")


def main() -> None:
    evaluate("cusum", lambda x: [(c.index, c.detected_at) for c in cusum(x)])
    evaluate("bocpd", lambda x: [(c.index, c.detected_at) for c in bocpd(x)])
    try:
        import ruptures  # noqa: F401
    except ImportError:
        print("ruptures    not installed (pip install ruptures) - skipped")
    else:  # offline: sees the whole series, so its delay is the series' end, not comparable
        evaluate("pelt(off)", lambda x: [(b, len(x) - 1) for b in _ruptures(x)])


if __name__ == "__main__":
    main()
