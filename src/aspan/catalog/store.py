"""The element-set store: SQLite (WAL) with the history of every object and its provenance.

``Store(path)`` opens (or creates) ``$ASPAN_HOME/aspan.db``. Imports are atomic (one
transaction for all the files of one call: a crash, a kill or an error leaves the store as
it was) and idempotent: an input whose sha256 was imported before changes nothing, and an
element set identical to a stored one (same catalog number, epoch and elements, compared
bit for bit) is not stored twice. Reading back gives the floats that were written, bit for
bit (see ``store_schema``).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from aspan.catalog.elements import FLOAT_FIELDS, Catalog
from aspan.catalog.store_schema import (
    ELSET_COLUMNS,
    SCHEMA,
    SCHEMA_VERSION,
    default_store_path,
)
from aspan.errors import AspanError, InputError, NotFoundError, StoreError

#: ``progress(description, done, total)``: called while importing (done == total at the end).
Progress = Callable[[str, int, int], None]

_CHUNK = 4096
_READ_COLUMNS = ("id", "import_id", *ELSET_COLUMNS)


@dataclass(frozen=True)
class Provenance:
    """Where element sets came from: one import of one input."""

    import_id: int
    source: str
    sha256: str
    format: str
    imported_at: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ImportReport:
    """What one input did to the store. ``n_records`` counts the valid records read."""

    source: str
    sha256: str
    format: str = ""
    n_records: int = 0
    n_new: int = 0
    n_invalid: int = 0
    already_imported: bool = False
    import_id: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def n_duplicate(self) -> int:
        """Valid records whose element set was already stored."""
        return self.n_records - self.n_new

    def summary(self) -> str:
        """One line for humans."""
        if self.already_imported:
            return f"{self.source}: already imported (sha256 {self.sha256[:12]}), nothing changed"
        text = (f"{self.source}: {self.n_records} element sets read ({self.format}), "
                f"{self.n_new} new, {self.n_duplicate} already stored")
        if self.n_invalid:
            text += f", {self.n_invalid} invalid skipped"
        return text

    def to_dict(self) -> dict:
        return {**asdict(self), "n_duplicate": self.n_duplicate}


@dataclass(frozen=True)
class History:
    """All stored element sets of one object, oldest epoch first, with their provenance."""

    norad_id: int
    catalog: Catalog
    provenance: list[Provenance]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Store:
    """An element-set store in one SQLite file (WAL mode); use as a context manager."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_store_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder of the store {self.path}: {error.strerror}",
                             file=str(self.path),
                             hint="choose another place with --store PATH or ASPAN_HOME") from None
        if self.path.is_dir():
            raise StoreError(f"the store {self.path} is a folder, expected a file",
                             hint="give --store the path of a .db file")
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self._setup()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the store {self.path}: {error}",
                             hint="is it an Aspan store? choose another with --store PATH") from None

    # -- connection ------------------------------------------------------------------------

    def _setup(self) -> None:
        conn = self._conn
        self._wal()
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: consistent after any crash
        conn.execute("PRAGMA foreign_keys=ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store {self.path} has schema {version}, this Aspan knows "
                             f"up to {SCHEMA_VERSION}", hint="upgrade Aspan")
        if version < SCHEMA_VERSION:
            with self._transaction():
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _wal(self, wait_s: float = 30.0) -> None:
        """Switch to WAL. SQLite answers "database is locked" at once, without its busy
        handler, while another process opens a new store at the same moment: retry."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.005)

    @contextmanager
    def _transaction(self):
        """One write transaction: all or nothing."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(f"the store {self.path} is busy: {error}",
                             hint="another aspan may be importing; try again") from None
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.path}>"

    # -- import ----------------------------------------------------------------------------

    def import_files(self, paths: Sequence[str | Path], *, strict: bool = True,
                     progress: Progress | None = None) -> list[ImportReport]:
        """Import files (any format ``read_catalog`` knows) in one transaction.

        Strict (the default): any invalid record raises ``CatalogProblems`` and nothing is
        imported. ``strict=False`` imports the valid records and lists the others in
        ``ImportReport.problems``. Files imported before (same sha256) are not parsed again.
        """
        inputs = []
        for path in paths:
            p = Path(path)
            try:
                data = p.read_bytes()
            except FileNotFoundError:
                raise NotFoundError(f"no such file: {p}", file=str(p)) from None
            except IsADirectoryError:
                raise InputError(f"{p} is a folder, expected a catalog file", file=str(p)) from None
            except OSError as error:
                raise InputError(f"cannot read {p}: {error.strerror}", file=str(p)) from None
            inputs.append((data, str(p)))
        return self.import_many(inputs, strict=strict, progress=progress)

    def import_file(self, path: str | Path, *, strict: bool = True,
                    progress: Progress | None = None) -> ImportReport:
        return self.import_files([path], strict=strict, progress=progress)[0]

    def import_bytes(self, data: bytes, *, source: str, strict: bool = True,
                     progress: Progress | None = None) -> ImportReport:
        """Import the bytes of one input; ``source`` (a path or URL) is its provenance."""
        return self.import_many([(data, source)], strict=strict, progress=progress)[0]

    def import_many(self, inputs: Iterable[tuple[bytes, str]], *, strict: bool = True,
                    progress: Progress | None = None) -> list[ImportReport]:
        """Parse every ``(bytes, source)`` first, then store them all in one transaction."""
        from aspan.catalog.formats import parse_bytes

        parsed: list[tuple[ImportReport, Catalog | None]] = []
        seen: set[str] = set()
        for data, source in inputs:
            digest = sha256_hex(data)
            if digest in seen or self.has_import(digest):
                parsed.append((self._already(source, digest), None))
                continue
            seen.add(digest)
            if progress:
                progress(f"reading {Path(source).name}", 0, 1)
            result = parse_bytes(data, name=source, strict=strict)
            problems = [str(p) for p in (result.problems or [])]
            report = ImportReport(source, digest, format=result.format,
                                  n_records=len(result.catalog), n_invalid=len(problems),
                                  problems=problems)
            parsed.append((report, result.catalog))
            if progress:
                progress(f"reading {Path(source).name}", 1, 1)
        with self._transaction():
            for k, (report, catalog) in enumerate(parsed):
                if catalog is None:
                    continue
                if self.has_import(report.sha256):  # another process imported it meanwhile
                    parsed[k] = (self._already(report.source, report.sha256), None)
                    continue
                self._insert(report, catalog, progress)
        return [report for report, _ in parsed]

    def import_catalog(self, catalog: Catalog, *, source: str, sha256: str | None = None,
                       format: str = "catalog") -> ImportReport:
        """Store a ``Catalog`` built in memory; ``sha256`` defaults to a digest of its arrays."""
        if sha256 is None:
            h = hashlib.sha256()
            for name, values in catalog.columns().items():
                if name != "source":
                    h.update(name.encode())
                    h.update(repr(values.tolist()).encode())
            sha256 = h.hexdigest()
        report = ImportReport(source, sha256, format=format, n_records=len(catalog))
        if self.has_import(sha256):
            return self._already(source, sha256)
        with self._transaction():
            self._insert(report, catalog, None)
        return report

    def _insert(self, report: ImportReport, catalog: Catalog,
                progress: Progress | None) -> None:
        conn = self._conn
        cursor = conn.execute(
            "INSERT INTO imports (source, sha256, format, imported_at, n_records, n_new,"
            " n_invalid) VALUES (?, ?, ?, ?, ?, 0, ?)",
            (report.source, report.sha256, report.format, utc_now_iso(), report.n_records,
             report.n_invalid))
        import_id = cursor.lastrowid
        rows = _rows(catalog, import_id)
        before = conn.total_changes
        n = len(rows)
        label = f"storing {Path(report.source).name}"
        for start in range(0, max(n, 1), _CHUNK):
            conn.executemany(
                f"INSERT OR IGNORE INTO elsets (import_id, key, {', '.join(ELSET_COLUMNS)}) "
                f"VALUES ({', '.join('?' * (len(ELSET_COLUMNS) + 2))})",
                rows[start:start + _CHUNK])
            if progress:
                progress(label, min(start + _CHUNK, n), n)
        report.n_new = conn.total_changes - before
        report.import_id = import_id
        conn.execute("UPDATE imports SET n_new = ? WHERE id = ?", (report.n_new, import_id))

    def _already(self, source: str, digest: str) -> ImportReport:
        row = self._conn.execute("SELECT id, format, n_records FROM imports WHERE sha256 = ?",
                                 (digest,)).fetchone()
        import_id, fmt, n_records = row if row else (None, "", 0)
        return ImportReport(source, digest, format=fmt, n_records=n_records, n_new=0,
                            already_imported=True, import_id=import_id)

    # -- queries ---------------------------------------------------------------------------

    def has_import(self, sha256: str) -> bool:
        return self._conn.execute("SELECT 1 FROM imports WHERE sha256 = ?",
                                  (sha256,)).fetchone() is not None

    def imports(self) -> list[Provenance]:
        """Every import, oldest first."""
        return [Provenance(*row) for row in self._conn.execute(
            "SELECT id, source, sha256, format, imported_at FROM imports ORDER BY id")]

    def counts(self) -> dict[str, int]:
        """Numbers of objects, element sets and imports."""
        one = self._conn.execute
        return {"objects": one("SELECT count(DISTINCT norad_id) FROM elsets").fetchone()[0],
                "element_sets": one("SELECT count(*) FROM elsets").fetchone()[0],
                "imports": one("SELECT count(*) FROM imports").fetchone()[0]}

    def latest(self, norad=None, *, names: Sequence[str] | str | None = None) -> Catalog:
        """The latest element set (largest epoch) of each object, by catalog number.

        ``norad``: one number or several (missing ones are skipped; see ``load_catalog`` for
        a strict lookup). ``names``: glob patterns matched against the name, case-insensitive.
        """
        where, args = "", ()
        if norad is not None:
            ids = [int(k) for k in np.atleast_1d(np.asarray(norad, dtype=object)).tolist()]
            where, args = "WHERE norad_id IN (SELECT value FROM json_each(?))", (str(ids),)
        # one descending index seek per object (scales with objects, not with history)
        catalog = self._query(
            f"SELECT {', '.join('e.' + c for c in _READ_COLUMNS)} "
            f"FROM (SELECT DISTINCT norad_id FROM elsets {where}) AS k "
            "JOIN elsets AS e ON e.id = (SELECT x.id FROM elsets AS x "
            "WHERE x.norad_id = k.norad_id "
            "ORDER BY x.epoch_jd DESC, x.epoch_fr DESC, x.id DESC LIMIT 1) "
            "ORDER BY k.norad_id", args)
        if names is not None:
            catalog = catalog[name_mask(catalog, names)]
        return catalog

    def history(self, norad_id: int) -> History:
        """Every stored element set of ``norad_id``, oldest epoch first; NotFoundError if none."""
        rows = self._conn.execute(
            f"SELECT {', '.join(_READ_COLUMNS)} FROM elsets WHERE norad_id = ? "
            "ORDER BY epoch_jd, epoch_fr, id", (int(norad_id),)).fetchall()
        if not rows:
            raise NotFoundError(f"object {norad_id} is not in the store {self.path}",
                                value=norad_id,
                                hint="import a catalog that has it (aspan catalog import FILE)")
        catalog = self._catalog(rows)
        by_id = {p.import_id: p for p in self.imports()}
        return History(int(norad_id), catalog, [by_id[row[1]] for row in rows])

    def _query(self, sql: str, args=()) -> Catalog:
        try:
            rows = self._conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot read the store {self.path}: {error}") from None
        return self._catalog(rows)

    def _catalog(self, rows: list[tuple]) -> Catalog:
        sources = dict(self._conn.execute("SELECT id, source FROM imports").fetchall())
        if not rows:
            return Catalog.empty()
        columns = dict(zip(_READ_COLUMNS, zip(*rows, strict=True), strict=True))
        neg_zero = np.array(columns.pop("neg_zero"), dtype=np.int64)
        out: dict[str, object] = {}
        for name in ELSET_COLUMNS[:-1]:
            if name in FLOAT_FIELDS:
                values = np.array(columns[name], dtype=np.float64)
                bit = 1 << FLOAT_FIELDS.index(name)
                if neg_zero.any():
                    values[(neg_zero & bit) != 0] = -0.0
                out[name] = values
            else:
                out[name] = columns[name]
        out["source"] = [sources[i] for i in columns["import_id"]]
        return Catalog.from_columns(out)


def name_mask(catalog: Catalog, patterns: Sequence[str] | str) -> np.ndarray:
    """Boolean mask of the objects whose name matches any glob pattern (case-insensitive)."""
    if isinstance(patterns, str):
        patterns = [patterns]
    compiled = [fnmatch.translate(p.upper()) for p in patterns]
    regex = re.compile("|".join(f"(?:{c})" for c in compiled)) if compiled else None
    return np.array([bool(regex and regex.match(str(n).upper())) for n in catalog.name],
                    dtype=bool)


def element_keys(catalog: Catalog) -> list[bytes]:
    """Exact identity of each element set: catalog number, epoch and elements as raw bytes.

    -0.0 counts as 0.0 (they are the same element value).
    """
    n = len(catalog)
    table = np.empty((n, 1 + len(FLOAT_FIELDS)), dtype=np.float64)
    table[:, 0] = catalog.norad_id.view(np.float64)
    for i, name in enumerate(FLOAT_FIELDS):
        table[:, i + 1] = getattr(catalog, name) + 0.0  # -0.0 + 0.0 == +0.0
    width = table.shape[1] * 8
    return table.view(np.dtype((np.void, width))).ravel().tolist()


def _rows(catalog: Catalog, import_id: int) -> list[tuple]:
    n = len(catalog)
    neg_zero = np.zeros(n, dtype=np.int64)
    for i, name in enumerate(FLOAT_FIELDS):
        values = getattr(catalog, name)
        neg_zero |= ((values == 0) & np.signbit(values)).astype(np.int64) << i
    bad = ~np.isfinite(np.column_stack([getattr(catalog, f) for f in FLOAT_FIELDS]))
    if n and bad.any():
        row, col = np.argwhere(bad)[0]
        raise AspanError(f"object {catalog.norad_id[row]}: {FLOAT_FIELDS[col]} is not a finite "
                         "number; the store keeps finite element values only",
                         field=FLOAT_FIELDS[col])
    columns = [
        catalog.norad_id.tolist(),
        *(getattr(catalog, name).tolist() for name in ("name", "intl_designator",
                                                        "classification")),
        *(getattr(catalog, name).tolist() for name in FLOAT_FIELDS),
        *(getattr(catalog, name).tolist() for name in ("element_set_no", "rev_at_epoch",
                                                        "ephemeris_type")),
        neg_zero.tolist(),
    ]
    keys = element_keys(catalog)
    return list(zip([import_id] * n, keys, *columns, strict=True))
