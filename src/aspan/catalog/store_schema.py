"""The SQLite schema of the element-set store, and where the store lives.

One row per distinct element set (``elsets``), one row per imported input (``imports``, the
provenance: source file or URL, sha256 of the bytes, format, UTC time of import). Element
values are plain REAL/INTEGER/TEXT columns; SQLite REAL is an IEEE-754 double, so a float
read back is bit-identical to the one written, except that SQLite folds -0.0 into 0.0: the
``neg_zero`` column keeps one bit per float field to restore the sign (see ``FLOAT_FIELDS``).
"""

from __future__ import annotations

import os
from pathlib import Path

from aspan.catalog.elements import FLOAT_FIELDS

#: Bumped when the schema changes; a store written by a newer Aspan is refused.
SCHEMA_VERSION = 1

#: Element columns in the order they are written; epochs first, then the elements.
ELEMENT_FLOATS = FLOAT_FIELDS
ELEMENT_INTS = ("element_set_no", "rev_at_epoch", "ephemeris_type")
ELEMENT_TEXTS = ("name", "intl_designator", "classification")

#: The columns inserted per element set, after ``import_id`` and ``key``.
ELSET_COLUMNS = ("norad_id", *ELEMENT_TEXTS, *ELEMENT_FLOATS, *ELEMENT_INTS, "neg_zero")

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS imports (
    id          INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL,           -- file path or URL
    sha256      TEXT    NOT NULL UNIQUE,    -- of the input bytes
    format      TEXT    NOT NULL,           -- 'tle', 'omm-json', ...
    imported_at TEXT    NOT NULL,           -- ISO-8601 UTC
    n_records   INTEGER NOT NULL,           -- valid records read
    n_new       INTEGER NOT NULL,           -- element sets not stored before
    n_invalid   INTEGER NOT NULL            -- records skipped (--skip-invalid)
);
CREATE TABLE IF NOT EXISTS elsets (
    id              INTEGER PRIMARY KEY,
    import_id       INTEGER NOT NULL REFERENCES imports(id),
    key             BLOB    NOT NULL UNIQUE, -- norad + epoch + elements, exact bytes
    norad_id        INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    intl_designator TEXT    NOT NULL,
    classification  TEXT    NOT NULL,
{"".join(f"    {name:<15} REAL    NOT NULL,{chr(10)}" for name in ELEMENT_FLOATS)}\
    element_set_no  INTEGER NOT NULL,
    rev_at_epoch    INTEGER NOT NULL,
    ephemeris_type  INTEGER NOT NULL,
    neg_zero        INTEGER NOT NULL DEFAULT 0 -- bit i: FLOAT_FIELDS[i] is -0.0
);
CREATE INDEX IF NOT EXISTS elsets_norad_epoch ON elsets (norad_id, epoch_jd, epoch_fr);
CREATE INDEX IF NOT EXISTS elsets_import ON elsets (import_id);
"""


def aspan_home() -> Path:
    """``$ASPAN_HOME``, else ``$XDG_DATA_HOME/aspan``, else ``~/.local/share/aspan``."""
    home = os.environ.get("ASPAN_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "aspan"


def default_store_path() -> Path:
    """The store used when no ``--store`` is given: ``aspan_home() / 'aspan.db'``."""
    return aspan_home() / "aspan.db"
