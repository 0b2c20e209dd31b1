"""Targets: a struct of arrays (names, ICRS directions, priorities, exposure needs, cadence).

CSV columns (header required; names case-insensitive; only ``name``, ``ra_deg``, ``dec_deg``
are required):

``name, ra_deg, dec_deg, priority, exposure_s, magnitude, snr, visits, cadence_s,
window_start, window_stop``

* ``priority``: weight of the target's exposure, higher is more important (default 1);
* ``exposure_s``: exposure per visit; or ``magnitude`` (in the telescope's band and
  system) with ``snr``, turned into an exposure by the exposure model at scheduling time;
* ``visits`` (default 1) at least ``cadence_s`` apart (start to start);
* ``window_start``/``window_stop``: ISO UTC times outside which the target is not wanted.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aspan.errors import InputError, NotFoundError, ParseError

COLUMNS = ("name", "ra_deg", "dec_deg", "priority", "exposure_s", "magnitude", "snr",
           "visits", "cadence_s", "window_start", "window_stop")


@dataclass
class Targets:
    """Targets as arrays of equal length ``n``; NaN where a number is not given."""

    name: np.ndarray
    ra_deg: np.ndarray
    dec_deg: np.ndarray
    priority: np.ndarray = None
    exposure_s: np.ndarray = None
    magnitude: np.ndarray = None
    snr: np.ndarray = None
    visits: np.ndarray = None
    cadence_s: np.ndarray = None
    window_start: list = field(default=None)
    window_stop: list = field(default=None)

    def __post_init__(self) -> None:
        self.name = np.asarray(self.name, dtype=object)
        n = self.name.size
        self.ra_deg = np.asarray(self.ra_deg, dtype=np.float64).reshape(n)
        self.dec_deg = np.asarray(self.dec_deg, dtype=np.float64).reshape(n)
        for attr, default in (("priority", 1.0), ("exposure_s", np.nan), ("magnitude", np.nan),
                              ("snr", np.nan), ("cadence_s", 0.0)):
            value = getattr(self, attr)
            value = np.full(n, default) if value is None else np.asarray(value, dtype=float)
            setattr(self, attr, np.broadcast_to(value, (n,)).astype(np.float64))
        visits = np.ones(n) if self.visits is None else np.asarray(self.visits, dtype=float)
        self.visits = np.broadcast_to(visits, (n,)).astype(np.int64)
        self.window_start = [None] * n if self.window_start is None else list(self.window_start)
        self.window_stop = [None] * n if self.window_stop is None else list(self.window_stop)
        if np.any(~np.isfinite(self.ra_deg)) or np.any((self.ra_deg < 0) | (self.ra_deg > 360)):
            raise InputError("target right ascensions must lie in [0, 360] deg", field="ra_deg")
        if np.any(~np.isfinite(self.dec_deg)) or np.any(np.abs(self.dec_deg) > 90):
            raise InputError("target declinations must lie in [-90, 90] deg", field="dec_deg")
        if np.any(self.priority <= 0) or np.any(~np.isfinite(self.priority)):
            raise InputError("target priorities must be positive", field="priority")
        if np.any(self.visits < 1):
            raise InputError("each target needs at least one visit", field="visits")

    def __len__(self) -> int:
        return int(self.name.size)

    @property
    def unit_vectors(self) -> np.ndarray:
        """ICRS unit vectors, (n, 3)."""
        ra, dec = np.radians(self.ra_deg), np.radians(self.dec_deg)
        return np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)], -1)

    def index(self, name: str) -> int:
        hits = np.flatnonzero(self.name == name)
        if not hits.size:
            raise NotFoundError(f"no target named {name!r}", field="target", value=name)
        return int(hits[0])


def _number(text: str, column: str, file: str, line: int) -> float:
    if text is None or str(text).strip() == "":
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise ParseError(f"column {column}: {text!r} is not a number", file=file, line=line,
                         field=column, value=text) from None
    if not math.isfinite(value):
        raise ParseError(f"column {column}: {text!r} is not finite", file=file, line=line,
                         field=column, value=text)
    return value


def parse_targets_csv(text: str, *, file: str = "<targets>") -> Targets:
    """Targets from CSV text (see module doc)."""
    # old Mac line ends (a lone CR) as line ends, and csv's own errors (say a field over its
    # size limit) as a ParseError naming the line
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")))
    try:
        rows = [(n, row) for n, row in enumerate(reader, start=1)
                if row and not (len(row) == 1 and not row[0].strip())
                and not row[0].lstrip().startswith("#")]
    except csv.Error as error:
        raise ParseError(f"not a CSV table: {error}", file=file, line=reader.line_num,
                         hint="one target per line: name,ra_deg,dec_deg[,...]") from None
    if not rows:
        raise ParseError("no header and no targets", file=file,
                         hint="the first line must name the columns, e.g. name,ra_deg,dec_deg")
    header = [h.strip().lower() for h in rows[0][1]]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ParseError(f"unknown column {unknown[0]!r}", file=file, line=rows[0][0],
                         hint=f"known columns: {', '.join(COLUMNS)}")
    for need in ("name", "ra_deg", "dec_deg"):
        if need not in header:
            raise ParseError(f"missing column {need!r}", file=file, line=rows[0][0],
                             hint="name, ra_deg and dec_deg are required")
    cols: dict[str, list] = {c: [] for c in COLUMNS}
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise ParseError(f"expected {len(header)} values, got {len(row)}", file=file,
                             line=line)
        rec = dict(zip(header, row, strict=True))
        cols["name"].append(rec["name"].strip())
        for c in ("ra_deg", "dec_deg", "priority", "exposure_s", "magnitude", "snr", "visits",
                  "cadence_s"):
            cols[c].append(_number(rec.get(c), c, file, line))
        for c in ("window_start", "window_stop"):
            value = (rec.get(c) or "").strip()
            cols[c].append(value or None)
        ra, dec = cols["ra_deg"][-1], cols["dec_deg"][-1]
        if not (0.0 <= ra <= 360.0) or not (-90.0 <= dec <= 90.0):
            raise ParseError(f"target {rec['name']!r}: ra_deg {ra} or dec_deg {dec} out of "
                             "range", file=file, line=line, hint="ra in [0, 360], dec in [-90, 90]")
        exp, mag, snr = cols["exposure_s"][-1], cols["magnitude"][-1], cols["snr"][-1]
        if math.isnan(exp) and (math.isnan(mag) or math.isnan(snr)):
            # neither given: the scheduler will say so; keep NaN
            pass
        if not math.isnan(exp) and exp <= 0:
            raise ParseError(f"target {rec['name']!r}: exposure_s {exp} must be positive",
                             file=file, line=line, field="exposure_s")
        pri = cols["priority"][-1]
        if not math.isnan(pri) and pri <= 0:
            raise ParseError(f"target {rec['name']!r}: priority {pri} must be positive",
                             file=file, line=line, field="priority")
    if not cols["name"]:
        raise ParseError("the file has a header but no targets", file=file)
    pri = np.nan_to_num(np.array(cols["priority"]), nan=1.0)
    visits = np.nan_to_num(np.array(cols["visits"]), nan=1.0)
    cadence = np.nan_to_num(np.array(cols["cadence_s"]), nan=0.0)
    return Targets(np.array(cols["name"], dtype=object), cols["ra_deg"], cols["dec_deg"],
                   pri, cols["exposure_s"], cols["magnitude"], cols["snr"], visits, cadence,
                   cols["window_start"], cols["window_stop"])


def read_targets_csv(path) -> Targets:
    """Targets from a CSV file (see module doc)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise NotFoundError(f"{path}: cannot read the targets file ({error.strerror})",
                            file=str(path), hint="check the path given to --targets") from None
    return parse_targets_csv(text, file=str(path))
