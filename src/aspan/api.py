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
from aspan.observing.bands import BANDS, Band, band_by_name
from aspan.observing.compare import compare as compare_telescopes
from aspan.observing.constraints import Constraints
from aspan.observing.exposure import ExposureModel
from aspan.observing.observability import Observability, hours_per_year
from aspan.observing.plots import plot_schedule
from aspan.observing.scheduler import Overheads, Schedule, schedule, schedule_for_telescope
from aspan.observing.sites import observing_site
from aspan.observing.sky_background import zodiacal_500nm
from aspan.observing.targets import Targets, read_targets_csv
from aspan.observing.telescopes import Telescope, load_telescopes, telescope_by_name
from aspan.satellites.propagation import propagate, propagate_minutes, propagate_to
from aspan.satellites.states import States

__all__ = [
    "BANDS",
    "EXPORT_FORMATS",
    "AspanError",
    "Band",
    "Catalog",
    "CatalogProblems",
    "Constraints",
    "EarthSite",
    "EphemerisLoader",
    "ExposureModel",
    "InputError",
    "NetworkError",
    "NotFoundError",
    "Observability",
    "OutOfRangeError",
    "Overheads",
    "ParseError",
    "ReadResult",
    "Schedule",
    "States",
    "Store",
    "StoreError",
    "Targets",
    "Telescope",
    "ValidationError",
    "band_by_name",
    "compare_telescopes",
    "ephemeris",
    "export_catalog",
    "hours_per_year",
    "load_catalog",
    "load_sites",
    "load_telescopes",
    "observing_site",
    "parse_bytes",
    "plot_schedule",
    "propagate",
    "propagate_minutes",
    "propagate_to",
    "read_catalog",
    "read_targets_csv",
    "schedule",
    "schedule_for_telescope",
    "site_from_text",
    "telescope_by_name",
    "teme_to_gcrs_matrix",
    "teme_to_itrs_matrix",
    "time_range",
    "timescale",
    "to_time",
    "zodiacal_500nm",
]
