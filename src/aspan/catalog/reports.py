"""Request -> result dicts for the catalog: the JSON of ``aspan catalog list`` and ``show``,
shared by the CLI and the service, and the epoch/age helpers they use (UTC, days)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from aspan.errors import InputError

UNIX_EPOCH_JD = 2440587.5

#: Element fields shown by ``show``: (Catalog field, label, unit, format).
ELEMENTS = (
    ("mean_motion_rev_day", "mean motion", "rev/day", "{:.8f}"),
    ("eccentricity", "eccentricity", "", "{:.7f}"),
    ("inclination_deg", "inclination", "deg", "{:.4f}"),
    ("raan_deg", "RAAN", "deg", "{:.4f}"),
    ("argp_deg", "argument of perigee", "deg", "{:.4f}"),
    ("mean_anomaly_deg", "mean anomaly", "deg", "{:.4f}"),
    ("ndot_rev_day2", "ndot/2", "rev/day^2", "{:.8g}"),
    ("nddot_rev_day3", "nddot/6", "rev/day^3", "{:.8g}"),
    ("bstar_per_er", "B*", "1/earth radii", "{:.8g}"),
    ("element_set_no", "element set number", "", "{}"),
    ("rev_at_epoch", "revolution at epoch", "", "{}"),
    ("ephemeris_type", "ephemeris type", "", "{}"),
)


def now_jd_utc() -> float:
    """The current UTC Julian date (from the system clock)."""
    return dt.datetime.now(dt.UTC).timestamp() / 86400.0 + UNIX_EPOCH_JD


def epoch_datetime(epoch_jd: float, epoch_fr: float) -> dt.datetime:
    """A split UTC Julian date as an aware datetime (to the microsecond)."""
    days = float(epoch_jd) - UNIX_EPOCH_JD
    micro = round(float(epoch_fr) * 86400e6)
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=days, microseconds=micro)


def epoch_iso(epoch_jd: float, epoch_fr: float) -> str:
    """``2025-10-03T09:43:12.345678Z``."""
    text = epoch_datetime(epoch_jd, epoch_fr).isoformat(timespec="microseconds")
    return text.replace("+00:00", "Z")


def age_days(epoch_jd, epoch_fr, now_jd: float | None = None):
    """Days from the epoch to now (positive for past epochs); arrays welcome."""
    now_jd = now_jd_utc() if now_jd is None else now_jd
    return (now_jd - np.asarray(epoch_jd)) - np.asarray(epoch_fr)


def list_rows(elements, now_jd: float | None = None) -> list[dict]:
    """One dict per object: norad_id, name, epoch (ISO UTC), age_days."""
    ages = age_days(elements.epoch_jd, elements.epoch_fr, now_jd)
    return [{"norad_id": int(k), "name": str(n), "epoch": epoch_iso(jd, fr),
             "age_days": round(float(a), 6)}
            for k, n, jd, fr, a in zip(elements.norad_id, elements.name, elements.epoch_jd,
                                       elements.epoch_fr, ages, strict=True)]


def elset_dict(cat, i: int, now_jd: float) -> dict:
    """Element set ``i`` of ``cat``: names, epoch, age and the ``ELEMENTS`` values."""
    columns = cat.columns()
    jd, fr = float(cat.epoch_jd[i]), float(cat.epoch_fr[i])
    return {"name": str(cat.name[i]), "intl_designator": str(cat.intl_designator[i]),
            "classification": str(cat.classification[i]), "epoch": epoch_iso(jd, fr),
            "epoch_jd": jd, "epoch_fr": fr, "age_days": float(age_days(jd, fr, now_jd)),
            "elements": {field: columns[field][i].item() for field, *_ in ELEMENTS}}


def show_record(norad: int, history, now_jd: float | None = None) -> tuple[dict, int]:
    """The JSON of ``aspan catalog show NORAD`` from ``Store.history``, and the index of the
    latest element set in the history."""
    cat, provenance = history.catalog, history.provenance
    now_jd = now_jd_utc() if now_jd is None else now_jd
    latest = int(np.lexsort((np.arange(len(cat)), cat.epoch_fr, cat.epoch_jd))[-1])
    entries = [elset_dict(cat, i, now_jd) | {"provenance": provenance[i].to_dict()}
               for i in range(len(cat))]
    head = entries[latest]
    return ({"norad_id": int(norad), "name": head["name"],
             "intl_designator": head["intl_designator"],
             "classification": head["classification"], "epoch": head["epoch"],
             "epoch_jd": head["epoch_jd"], "epoch_fr": head["epoch_fr"],
             "age_days": head["age_days"], "elements": head["elements"],
             "provenance": head["provenance"], "history": entries}, latest)


def parse_norads(values: Sequence[str] | None) -> list[int] | None:
    """``['25544', '43805,43783']`` -> ``[25544, 43805, 43783]``; None when none given."""
    if not values:
        return None
    out = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if not part:
                continue
            try:
                number = int(part)
            except ValueError:
                raise InputError(f"--norad {part!r} is not a catalog number", field="norad",
                                 value=part, hint="give integers, e.g. --norad 25544,43805") from None
            if number < 0:
                raise InputError(f"--norad {number} is negative", field="norad", value=number)
            out.append(number)
    return out
