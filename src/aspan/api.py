"""The public facade: everything a user imports (``from aspan.api import ...``)."""

from aspan.catalog.elements import Catalog
from aspan.core.ephemeris import EphemerisLoader, ephemeris
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

__all__ = [
    "AspanError",
    "Catalog",
    "CatalogProblems",
    "EphemerisLoader",
    "InputError",
    "NetworkError",
    "NotFoundError",
    "OutOfRangeError",
    "ParseError",
    "StoreError",
    "ValidationError",
    "ephemeris",
    "time_range",
    "timescale",
    "to_time",
]
