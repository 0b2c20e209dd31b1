"""Helpers shared by tests: the SGP4 verification vectors and TLE text read by python-sgp4.

Everything here reads files no one on this project wrote (the `sgp4` wheel's SGP4-VER.TLE and
tcppver.out, the catalogs in ../shared/data) with python-sgp4, the authority.
"""

from __future__ import annotations

import os

import numpy as np
import sgp4
from sgp4.api import Satrec

from aspan.catalog.elements import Catalog

SGP4_DIR = os.path.dirname(sgp4.__file__)
DATA = "../shared/data/"


def tle_pairs(path, step=1):
    """(line1, line2) of every object in a TLE/3LE file (LF or CRLF), every ``step``-th."""
    lines = [ln.rstrip("\r\n") for ln in open(path, newline="") if ln.strip()]
    l1 = [ln for ln in lines if ln.startswith("1 ")]
    l2 = [ln for ln in lines if ln.startswith("2 ")]
    return list(zip(l1, l2, strict=True))[::step]


def catalog_from_tle(pairs) -> Catalog:
    """A Catalog with each field as python-sgp4's twoline2rv reads it from the text."""
    cols: dict[str, list] = {k: [] for k in (
        "norad_id", "epoch_jd", "epoch_fr", "mean_motion_rev_day", "eccentricity",
        "inclination_deg", "raan_deg", "argp_deg", "mean_anomaly_deg", "ndot_rev_day2",
        "nddot_rev_day3", "bstar_per_er")}
    for a, b in pairs:
        sat = Satrec.twoline2rv(a, b)
        cols["norad_id"].append(sat.satnum)
        cols["epoch_jd"].append(sat.jdsatepoch)
        cols["epoch_fr"].append(sat.jdsatepochF)
        cols["mean_motion_rev_day"].append(float(b[52:63]))
        cols["eccentricity"].append(float("0." + b[26:33].replace(" ", "0")))
        cols["inclination_deg"].append(float(b[8:16]))
        cols["raan_deg"].append(float(b[17:25]))
        cols["argp_deg"].append(float(b[34:42]))
        cols["mean_anomaly_deg"].append(float(b[43:51]))
        cols["ndot_rev_day2"].append(float(a[33:43]))
        cols["nddot_rev_day3"].append(float(a[44].strip() + "." + a[45:50]) * 10.0 ** int(a[50:52]))
        cols["bstar_per_er"].append(float(a[53].strip() + "." + a[54:59]) * 10.0 ** int(a[59:61]))
    return Catalog.from_columns(cols)


def read_verification_cases():
    """[(line1, line2, (tstart, tend, tstep), satnum, rows (k, 7))] of SGP4-VER.TLE/tcppver.out."""
    with open(os.path.join(SGP4_DIR, "SGP4-VER.TLE")) as f:
        tle = f.read().splitlines()
    with open(os.path.join(SGP4_DIR, "tcppver.out")) as f:
        out = f.read().replace("\r", "").splitlines()
    blocks = []
    for line in out:
        fields = line.split()
        if len(fields) == 2 and fields[1] == "xx":
            blocks.append((int(fields[0]), []))
        elif fields:
            blocks[-1][1].append([float(x) for x in fields[:7]])
    cases = []
    for i, line1 in enumerate(tle):
        if line1.startswith("1"):
            line2 = tle[i + 1]
            grid = tuple(float(x) for x in line2[69:].split())
            cases.append((line1, line2[:69], grid))
    assert len(cases) == len(blocks) == 33
    return [
        (line1, line2, grid, satnum, np.array(rows).reshape(-1, 7))
        for (line1, line2, grid), (satnum, rows) in zip(cases, blocks, strict=True)
    ]


def verification_times(tstart, tend, tstep):
    """The times of the verification driver (tests.generate_satellite_output), in its order."""
    times = [0.0]
    t = tstart
    while t <= tend:
        if not (t == tstart == 0.0):
            times.append(t)
        t += tstep
    if t - tend < tstep - 1e-6:
        times.append(tend)
    return np.array(times)
