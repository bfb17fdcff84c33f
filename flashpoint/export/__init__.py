"""Event exports: PLOVER JSON, GDELT 2.0 TSV, parquet, CSV, JSON Lines.

Imports ``flashpoint.model``, ``flashpoint.resources``, ``flashpoint.errors`` and the flat-frame
conversion of ``flashpoint.store.frames`` (the one place events are flattened).
"""
from flashpoint.export.gdelt import gdelt_columns, gdelt_row, global_event_id
from flashpoint.export.plover import SECTOR_TO_PLOVER, plover_record
from flashpoint.export.writers import FORMATS, export_events
from flashpoint.store.frames import frame_from_events

__all__ = [
    "FORMATS",
    "SECTOR_TO_PLOVER",
    "export_events",
    "frame_from_events",
    "gdelt_columns",
    "gdelt_row",
    "global_event_id",
    "plover_record",
]
