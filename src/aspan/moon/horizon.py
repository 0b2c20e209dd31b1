"""Terrain horizon masks for lunar sites.

**The mask file** (one site, one mast): a CSV text file whose first line is the header
``azimuth_deg,elevation_deg``, then one ``azimuth,elevation`` pair of degrees per line.
Azimuth from lunar north through east, in [0, 360]; elevation of the terrain horizon in
[-90, 90]. Rows may come at any spacing and in any order; between them the mask is linear in
azimuth and it wraps at 360 deg (the last row joins the first). Blank lines and lines
starting with ``#`` are ignored. See ``docs/moon.md``.

**The shared table** ``../shared/data/lunar-horizons.csv`` (LOLA-derived, see its README)
holds many sites and masts: ``site_id,name,lat_deg,lon_deg,elev_m,mast_m,azimuth_deg,
horizon_deg``. ``read_horizon_table`` reads it into masks keyed by ``(site_id, mast_m)``.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aspan.core.topocentric import HorizonMask
from aspan.errors import NotFoundError, ParseError

HEADER = "azimuth_deg,elevation_deg"
TABLE_HEADER = "site_id,name,lat_deg,lon_deg,elev_m,mast_m,azimuth_deg,horizon_deg"


def flat_horizon() -> HorizonMask:
    """The mathematical horizon: elevation 0 at every azimuth."""
    return HorizonMask.constant(0.0)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"horizon mask file {path} does not exist", file=str(path),
                            hint="check the path given to --horizon") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ParseError(f"cannot read the horizon mask ({error})", file=str(path)) from None


def parse_horizon_mask(text: str, *, file: str = "<text>") -> HorizonMask:
    """A mask from the text of a ``azimuth_deg,elevation_deg`` CSV file (see module doc)."""
    rows = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    rows = [(n, line) for n, line in rows if line and not line.startswith("#")]
    if not rows:
        raise ParseError("the horizon mask is empty", file=file,
                         hint=f"the first line must be the header {HEADER!r}")
    n, first = rows[0]
    if first.replace(" ", "").lower() != HEADER:
        raise ParseError(f"expected the header {HEADER!r}, got {first!r}", file=file, line=n,
                         hint="write the header first, then one azimuth,elevation pair per line")
    az, el = [], []
    for n, line in rows[1:]:
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 2:
            raise ParseError(f"expected 2 values 'azimuth_deg,elevation_deg', got "
                             f"{len(parts)}: {line!r}", file=file, line=n)
        try:
            a, e = float(parts[0]), float(parts[1])
        except ValueError:
            raise ParseError(f"expected two numbers in degrees, got {line!r}", file=file,
                             line=n, hint="decimal degrees with a point, e.g. 127.5,1.25"
                             ) from None
        if not (math.isfinite(a) and 0.0 <= a <= 360.0):
            raise ParseError(f"azimuth {parts[0]} deg is outside [0, 360]", file=file, line=n,
                             field="azimuth_deg", value=a, hint="azimuth from north through east")
        if not (math.isfinite(e) and -90.0 <= e <= 90.0):
            raise ParseError(f"elevation {parts[1]} deg is outside [-90, 90]", file=file,
                             line=n, field="elevation_deg", value=e)
        az.append(a % 360.0)
        el.append(e)
    if not az:
        raise ParseError("the horizon mask has a header but no azimuth,elevation rows",
                         file=file, hint="add at least one row, e.g. 0,1.5")
    az_a, el_a = np.array(az), np.array(el)
    order = np.argsort(az_a, kind="stable")
    dup = np.flatnonzero(np.diff(az_a[order]) == 0)
    for i in dup:
        if el_a[order[i]] != el_a[order[i + 1]]:
            raise ParseError(f"azimuth {az_a[order[i]]:g} deg is given twice with elevations "
                             f"{el_a[order[i]]:g} and {el_a[order[i + 1]]:g}", file=file,
                             hint="keep one row per azimuth (0 and 360 are the same azimuth)")
    keep = np.ones(az_a.size, bool)
    keep[order[dup + 1]] = False
    return HorizonMask(az_a[keep], el_a[keep])


def read_horizon_mask(path) -> HorizonMask:
    """A mask from a ``azimuth_deg,elevation_deg`` CSV file (see module doc)."""
    path = Path(path)
    return parse_horizon_mask(_read_text(path), file=str(path))


@dataclass(frozen=True)
class HorizonEntry:
    """One site and mast of the shared table: where it is and its mask."""

    site_id: str
    name: str
    lat_deg: float
    lon_deg: float
    elev_m: float
    mast_m: float
    mask: HorizonMask


def read_horizon_table(path) -> dict[tuple[str, float], HorizonEntry]:
    """All masks of a ``lunar-horizons.csv`` table, keyed by ``(site_id, mast_m)``."""
    path = Path(path)
    text = _read_text(path)
    lines = text.splitlines()
    if not lines or lines[0].strip().replace(" ", "") != TABLE_HEADER:
        raise ParseError(f"expected the header {TABLE_HEADER!r}, got "
                         f"{(lines[0] if lines else '')!r}", file=str(path), line=1)
    try:
        groups = _table_groups(lines, path)
    except csv.Error as error:  # a field over the csv module's size limit, ...
        raise ParseError(f"the horizon table cannot be read as CSV: {error}", file=str(path),
                         hint=f"one row per azimuth: {TABLE_HEADER}") from None
    return {key: HorizonEntry(g[0], g[1], g[2], g[3], g[4], g[5],
                              HorizonMask(np.array(g[6]), np.array(g[7])))
            for key, g in groups.items()}


def _table_groups(lines: list[str], path: Path) -> dict[tuple[str, float], list]:
    groups: dict[tuple[str, float], list] = {}
    reader = csv.reader(lines[1:])
    for n, row in enumerate(reader, start=2):
        if not row:
            continue
        try:
            sid, name = row[0], row[1]
            lat, lon, elev, mast, az, el = (float(v) for v in row[2:8])
        except (ValueError, IndexError):
            raise ParseError(f"expected 8 values ({TABLE_HEADER}), got {','.join(row)!r}",
                             file=str(path), line=n) from None
        groups.setdefault((sid, mast), [sid, name, lat, lon, elev, mast, [], []])
        groups[(sid, mast)][6].append(az)
        groups[(sid, mast)][7].append(el)
    return groups


def is_horizon_table(path) -> bool:
    """True when ``path`` starts with the shared table's header."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().strip().replace(" ", "") == TABLE_HEADER
    except OSError:
        return False


def horizon_from_table(path, site_id: str, mast_m: float) -> HorizonEntry:
    """The entry for ``site_id`` (its key) and ``mast_m`` from the shared table."""
    table = read_horizon_table(path)
    entry = table.get((site_id, float(mast_m)))
    if entry is None:
        have = sorted({f"{s} (mast {m:g} m)" for s, m in table})
        raise NotFoundError(f"{path}: no horizon for site {site_id!r} with a {mast_m:g} m mast; "
                            f"the table has {', '.join(have)}", file=str(path), value=site_id)
    return entry
