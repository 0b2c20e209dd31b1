"""The store's latest element set per object, kept in memory between requests.

Reloaded when the store's imports change (one cheap query per request), so the CLI and the
service can share the store: an ``aspan catalog import`` shows up at the next request.
"""

from __future__ import annotations

import threading
from pathlib import Path

from aspan.catalog.elements import Catalog
from aspan.catalog.load import load_catalog
from aspan.catalog.store import Store
from aspan.errors import InputError, NotFoundError


class CatalogCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._catalog: Catalog | None = None

    def _stamp(self, store: Store) -> tuple:
        row = store._conn.execute("SELECT max(id), count(*) FROM imports").fetchone()
        return tuple(row)

    def latest(self) -> Catalog:
        """The latest element set of every object (may be empty)."""
        with Store(self.path) as store:
            key = self._stamp(store)
            with self._lock:
                if key != self._key or self._catalog is None:
                    self._catalog = store.latest()
                    self._key = key
                return self._catalog

    def select(self, norad: list[int] | None, *, limit: int, what: str = "norad") -> Catalog:
        """Objects ``norad`` (all when None), at most ``limit`` of them, else 422/404."""
        cat = self.latest()
        if not len(cat):
            raise NotFoundError(f"the store {self.path.name} holds no element sets",
                                hint="import a catalog: POST /api/v1/catalog/import, or "
                                     "aspan catalog import FILE")
        n = len(cat) if norad is None else len(norad)
        if n > limit:
            raise InputError(f"{n} objects asked for, at most {limit} allowed in one request",
                             field=what, value=n,
                             hint="select objects with norad=..., or submit a job")
        return cat if norad is None else load_catalog(cat, norad=norad)
