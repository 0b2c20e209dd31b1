"""The ``Catalog``: element sets as a struct of arrays.

A catalog of ``n`` objects is a handful of parallel numpy arrays (python-sgp4's
``SatrecArray`` idea), cheap to slice, to pickle and to send to a worker. It is built once from
any format (TLE, 3LE, OMM xml/json/csv) or from the store, and is what propagation takes.

Fields and units (all arrays have shape ``(n,)``):

==================  =========  =========================================================
field               dtype      meaning
==================  =========  =========================================================
norad_id            int64      catalog number (may exceed 99999 when read from OMM)
name                object     object name ('' when the source has none)
intl_designator     object     international designator as written in the source
                               ('1998-067A' for OMM, '98067A' for TLE)
classification      object     'U', 'C' or 'S'
epoch_jd            float64    epoch, UTC Julian date, whole part (ends in .5)
epoch_fr            float64    epoch, UTC Julian date, fraction of a day in [0, 1)
mean_motion_rev_day float64    Kozai mean motion, revolutions per day
eccentricity        float64    in [0, 1)
inclination_deg     float64    in [0, 180]
raan_deg            float64    right ascension of the ascending node, TEME, [0, 360)
argp_deg            float64    argument of perigee, [0, 360)
mean_anomaly_deg    float64    [0, 360)
ndot_rev_day2       float64    first derivative of mean motion / 2 (the TLE field), rev/day^2
nddot_rev_day3      float64    second derivative / 6 (the TLE field), rev/day^3
bstar_per_er        float64    B* drag term, 1 / Earth radii
element_set_no      int64      element set number
rev_at_epoch        int64      revolution number at epoch
ephemeris_type      int64      0 (SGP4) in every public catalog
source              object     where the record came from (file path or URL)
==================  =========  =========================================================
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

FLOAT_FIELDS = (
    "epoch_jd",
    "epoch_fr",
    "mean_motion_rev_day",
    "eccentricity",
    "inclination_deg",
    "raan_deg",
    "argp_deg",
    "mean_anomaly_deg",
    "ndot_rev_day2",
    "nddot_rev_day3",
    "bstar_per_er",
)
INT_FIELDS = ("norad_id", "element_set_no", "rev_at_epoch", "ephemeris_type")
TEXT_FIELDS = ("name", "intl_designator", "classification", "source")


@dataclass(frozen=True, eq=False)
class Catalog:
    """Element sets of ``n`` objects as parallel arrays; see the module docstring."""

    norad_id: np.ndarray
    name: np.ndarray
    intl_designator: np.ndarray
    classification: np.ndarray
    epoch_jd: np.ndarray
    epoch_fr: np.ndarray
    mean_motion_rev_day: np.ndarray
    eccentricity: np.ndarray
    inclination_deg: np.ndarray
    raan_deg: np.ndarray
    argp_deg: np.ndarray
    mean_anomaly_deg: np.ndarray
    ndot_rev_day2: np.ndarray
    nddot_rev_day3: np.ndarray
    bstar_per_er: np.ndarray
    element_set_no: np.ndarray
    rev_at_epoch: np.ndarray
    ephemeris_type: np.ndarray
    source: np.ndarray

    def __post_init__(self) -> None:
        n = None
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in FLOAT_FIELDS:
                arr = np.ascontiguousarray(value, dtype=np.float64)
            elif f.name in INT_FIELDS:
                arr = np.ascontiguousarray(value, dtype=np.int64)
            else:
                arr = np.empty(len(value), dtype=object)
                arr[:] = list(value)
            if arr.ndim != 1:
                raise ValueError(f"Catalog.{f.name} must be one-dimensional, got shape {arr.shape}")
            if n is None:
                n = len(arr)
            elif len(arr) != n:
                raise ValueError(f"Catalog.{f.name} has {len(arr)} entries, expected {n}")
            object.__setattr__(self, f.name, arr)

    @classmethod
    def from_columns(cls, columns: dict[str, object]) -> Catalog:
        """Build from a mapping of field name to sequence (missing text fields become '')."""
        n = len(columns["norad_id"])  # type: ignore[arg-type]
        defaults = {"name": [""] * n, "intl_designator": [""] * n, "classification": ["U"] * n,
                    "source": [""] * n, "element_set_no": np.zeros(n), "rev_at_epoch": np.zeros(n),
                    "ephemeris_type": np.zeros(n), "nddot_rev_day3": np.zeros(n)}
        return cls(**{f.name: columns.get(f.name, defaults.get(f.name)) for f in fields(cls)})

    @classmethod
    def empty(cls) -> Catalog:
        return cls.from_columns({f.name: [] for f in fields(cls)})

    @classmethod
    def concat(cls, catalogs: list[Catalog]) -> Catalog:
        if not catalogs:
            return cls.empty()
        return cls(**{f.name: np.concatenate([getattr(c, f.name) for c in catalogs])
                      for f in fields(cls)})

    def __len__(self) -> int:
        return len(self.norad_id)

    def __getitem__(self, index) -> Catalog:
        """Slice, boolean mask or integer array; an int gives a catalog of one object."""
        if isinstance(index, (int, np.integer)):
            index = [index]
        return Catalog(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def __repr__(self) -> str:
        return f"<Catalog of {len(self)} object{'s' if len(self) != 1 else ''}>"

    @property
    def epoch_jd_utc(self) -> np.ndarray:
        """Epoch as one float Julian date (UTC); for display, not for propagation."""
        return self.epoch_jd + self.epoch_fr

    def columns(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def select(self, norad_ids) -> Catalog:
        """The objects with these catalog numbers, in the order given (missing ones skipped)."""
        position = {int(k): i for i, k in enumerate(self.norad_id)}
        return self[np.array([position[int(k)] for k in norad_ids if int(k) in position],
                             dtype=np.int64)]
