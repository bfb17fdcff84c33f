"""A matplotlib figure of a series (``flashpoint series --plot``) with alerts marked. matplotlib
is imported on use: ``pip install matplotlib`` (or ``flashpoint[plot]``) when missing."""
from __future__ import annotations

from pathlib import Path

import polars as pl

from flashpoint.errors import InputError


def plot_series(frame: pl.DataFrame, out: Path, *, title: str,
                alerts: pl.DataFrame | None = None) -> Path:  # fmt: skip
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise InputError("--plot", "needs matplotlib: pip install matplotlib") from exc
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    x = frame["period"].to_list()
    bottom = [0] * len(x)
    for q, colour in (("q1", "#4c9a2a"), ("q2", "#1f77b4"), ("q3", "#ff9f1c"), ("q4", "#d62728")):
        vals = frame[q].to_list()
        ax1.bar(x, vals, bottom=bottom, color=colour, label=q, width=0.9)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax1.set_ylabel("incidents")
    ax1.legend(loc="upper left", ncols=4, fontsize=8)
    ax2.plot(x, frame["escalation_norm"].to_list(), color="black", lw=1.2,
             label="escalation (volume-normalised)")
    ax2.set_ylabel("escalation")
    if alerts is not None:
        for r in alerts.iter_rows(named=True):
            colour = "red" if r["direction"] == "up" else "green"
            for ax in (ax1, ax2):
                ax.axvline(r["start"], color=colour, ls="--", lw=1)
    ax2.legend(loc="upper left", fontsize=8)
    ax1.set_title(title)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return out
