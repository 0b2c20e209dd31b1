"""The public facade: everything a user imports (``from aspan.api import ...``).

    cat = load_catalog("catalog.tle")          # a file, the store, or a list of element sets
    states = propagate(cat, times)             # (n_objects, n_times, 3) TEME, error codes
    states.frame("itrs").r_km
    passes = find_passes(cat, ["almaty-kaznu"], "2024-07-05T00:00Z", hours=24)
    events = screen_conjunctions(cat, "2024-07-05T00:00Z", hours=24, threshold_km=5.0)
    light = visibility([lunar_site_by_name("connecting-ridge")], "sun", start, stop)
    rows = compare_sites(sso_orbit(550.0, "10:30"))
"""

from aspan.catalog.elements import Catalog
from aspan.catalog.export import FORMATS as EXPORT_FORMATS
from aspan.catalog.export import export_catalog
from aspan.catalog.formats import ReadResult, parse_bytes, read_catalog
from aspan.catalog.load import load_catalog
from aspan.catalog.store import Store
from aspan.compute.executor import DaskExecutor, LocalExecutor, get_executor
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
from aspan.launch.compare import circular_orbit, compare_sites, geo_orbit, sso_orbit
from aspan.launch.moon import moon_windows
from aspan.launch.planes import plane_from_catalog, plane_from_elements, plane_from_sso
from aspan.launch.spaceports import Spaceport, load_spaceports, spaceport_from_text
from aspan.launch.windows import plane_windows
from aspan.moon.horizon import read_horizon_mask
from aspan.moon.links import links_home
from aspan.moon.sites import LunarSite, load_lunar_sites, lunar_site_by_name, lunar_site_from_text
from aspan.moon.sky import sky_track, star
from aspan.moon.visibility import visibility
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
from aspan.satellites.collision_probability import probability_of_collision
from aspan.satellites.conjunctions import Conjunctions, relative_track, screen_conjunctions
from aspan.satellites.crossings import find_crossings_in_field
from aspan.satellites.passes import Passes, find_passes
from aspan.satellites.propagation import propagate, propagate_minutes, propagate_to
from aspan.satellites.states import States

__all__ = [
    "BANDS",
    "EXPORT_FORMATS",
    "AspanError",
    "Band",
    "Catalog",
    "CatalogProblems",
    "Conjunctions",
    "Constraints",
    "DaskExecutor",
    "EarthSite",
    "EphemerisLoader",
    "ExposureModel",
    "InputError",
    "LocalExecutor",
    "LunarSite",
    "NetworkError",
    "NotFoundError",
    "Observability",
    "OutOfRangeError",
    "Overheads",
    "ParseError",
    "Passes",
    "ReadResult",
    "Schedule",
    "Spaceport",
    "States",
    "Store",
    "StoreError",
    "Targets",
    "Telescope",
    "ValidationError",
    "band_by_name",
    "circular_orbit",
    "compare_sites",
    "compare_telescopes",
    "ephemeris",
    "export_catalog",
    "find_crossings_in_field",
    "find_passes",
    "geo_orbit",
    "get_executor",
    "hours_per_year",
    "links_home",
    "load_catalog",
    "load_lunar_sites",
    "load_sites",
    "load_spaceports",
    "load_telescopes",
    "lunar_site_by_name",
    "lunar_site_from_text",
    "moon_windows",
    "observing_site",
    "parse_bytes",
    "plane_from_catalog",
    "plane_from_elements",
    "plane_from_sso",
    "plane_windows",
    "plot_schedule",
    "probability_of_collision",
    "propagate",
    "propagate_minutes",
    "propagate_to",
    "read_catalog",
    "read_horizon_mask",
    "read_targets_csv",
    "relative_track",
    "schedule",
    "schedule_for_telescope",
    "screen_conjunctions",
    "site_from_text",
    "sky_track",
    "spaceport_from_text",
    "sso_orbit",
    "star",
    "telescope_by_name",
    "teme_to_gcrs_matrix",
    "teme_to_itrs_matrix",
    "time_range",
    "timescale",
    "to_time",
    "visibility",
    "zodiacal_500nm",
]
