"""The user configuration file ``flashpoint.toml`` (working directory, or ``--config PATH``).

    [actors]
    overlay = "my_actors.yaml"   # relative to the config file

Every problem is an :class:`~flashpoint.errors.InputError` naming the file and the entry.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from flashpoint.errors import InputError

__all__ = ["CONFIG_NAME", "Config", "load_config"]

CONFIG_NAME = "flashpoint.toml"
_SECTIONS = {"actors": {"overlay"}}


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file read, None when there was none
    actors_overlay: Path | None = None


def load_config(path: Path | None = None) -> Config:
    """Read ``path`` (must exist), or ``./flashpoint.toml`` when it exists, else defaults."""
    if path is None:
        path = Path(CONFIG_NAME)
        if not path.is_file():
            return Config()
    elif not path.is_file():
        raise InputError(str(path), "config file not found")
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(where, f"not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(where, f"cannot read: {exc}") from None
    for section, value in data.items():
        if section not in _SECTIONS:
            raise InputError(where, f"unknown section [{section}]; known: "
                                    f"{', '.join(f'[{s}]' for s in sorted(_SECTIONS))}")
        if not isinstance(value, dict):
            raise InputError(where, f"'{section}' must be a table ([{section}])")
        unknown = set(value) - _SECTIONS[section]
        if unknown:
            raise InputError(where, f"[{section}]: unknown key(s) {', '.join(sorted(unknown))}; "
                                    f"known: {', '.join(sorted(_SECTIONS[section]))}")
    overlay = data.get("actors", {}).get("overlay")
    overlay_path = None
    if overlay is not None:
        if not isinstance(overlay, str) or not overlay.strip():
            raise InputError(where, "[actors] overlay must be a file path (a string)")
        overlay_path = Path(overlay)
        if not overlay_path.is_absolute():
            overlay_path = path.parent / overlay_path
        if not overlay_path.is_file():
            raise InputError(where, f"[actors] overlay: file {overlay_path} not found")
    return Config(path=path, actors_overlay=overlay_path)
