"""The planetary ephemeris: JPL DE421 from the installed ``skyfield-data`` package.

Nothing is downloaded. ``EphemerisLoader`` is an explicit object so that tests (or a user with
another kernel) can point it elsewhere; ``ephemeris()`` returns the process-wide DE421.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from aspan.errors import NotFoundError


def _skyfield_data_dir() -> Path:
    import skyfield_data

    return Path(skyfield_data.__file__).parent / "data"


@dataclass(frozen=True)
class EphemerisLoader:
    """Opens a JPL SPK file (default: DE421 shipped by ``skyfield-data``)."""

    path: Path | None = None

    def resolve(self) -> Path:
        path = Path(self.path) if self.path is not None else _skyfield_data_dir() / "de421.bsp"
        if not path.is_file():
            raise NotFoundError(
                f"ephemeris file {path} does not exist",
                hint="reinstall the skyfield-data package (pip install skyfield-data)",
                file=str(path),
            )
        return path

    def load(self):
        """The Skyfield ``SpiceKernel`` of this file."""
        from skyfield.api import load_file

        return load_file(str(self.resolve()))


@lru_cache(maxsize=1)
def ephemeris():
    """The process-wide DE421 kernel (Sun, Moon, planets, Earth; 1900-2050)."""
    return EphemerisLoader().load()
