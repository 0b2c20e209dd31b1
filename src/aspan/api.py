"""The public facade: everything a user imports (``from aspan.api import ...``).

    cat = load_catalog("catalog.tle")          # a file, the store, or a list of element sets
    states = propagate(cat, times)             # (n_objects, n_times, 3) TEME, error codes
    states.frame("itrs").r_km
"""

from aspan.catalog.elements import Catalog
from aspan.catalog.export import FORMATS as EXPORT_FORMATS
from aspan.catalog.export import export_catalog
from aspan.catalog.formats import ReadResult, parse_bytes, read_catalog
from aspan.catalog.load import load_catalog
from aspan.catalog.store import Store
from aspan.core.ephemeris import EphemerisLoader, ephemeris
from aspan.core.frames import teme_to_gcrs_matrix, teme_to_itrs_matrix
from aspan.core.sites import EarthSite, load_sites, site_from_text
from aspan.core.time import time_range, timescale, to_time
from aspan.errors import (
    AspanError,
    CatalogProblems,
    InputError,
    NetworkError,
    NotFoundError,
    OutOfRangeError,
    ParseError,
    StoreError,
    ValidationError,
)
from aspan.satellites.propagation import propagate, propagate_minutes, propagate_to
from aspan.satellites.states import States

__all__ = [
    "EXPORT_FORMATS",
    "AspanError",
    "Catalog",
    "CatalogProblems",
    "EarthSite",
    "EphemerisLoader",
    "InputError",
    "NetworkError",
    "NotFoundError",
    "OutOfRangeError",
    "ParseError",
    "ReadResult",
    "States",
    "Store",
    "StoreError",
    "ValidationError",
    "ephemeris",
    "export_catalog",
    "load_catalog",
    "load_sites",
    "parse_bytes",
    "propagate",
    "propagate_minutes",
    "propagate_to",
    "read_catalog",
    "site_from_text",
    "teme_to_gcrs_matrix",
    "teme_to_itrs_matrix",
    "time_range",
    "timescale",
    "to_time",
]
