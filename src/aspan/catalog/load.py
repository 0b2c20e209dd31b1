"""``load_catalog``: one call that turns what a user has into a ``Catalog``.

- ``None``: the store's latest element set per object (``store``: a ``Store``, a path, or
  the default ``$ASPAN_HOME/aspan.db``);
- a path (str or ``Path``): a catalog file in any format ``read_catalog`` knows;
- a ``Catalog``: itself;
- bytes: the content of a catalog file;
- a list of TLEs: tuples ``(line1, line2)`` or ``(name, line1, line2)``, or TLE text lines;
- a list of OMM dicts (CelesTrak JSON keys).

``norad`` (one number or several) keeps those objects, in that order, and raises
``NotFoundError`` naming the ones missing; ``names`` (glob patterns, any case) keeps objects
whose name matches any.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aspan.catalog.elements import Catalog
from aspan.catalog.store import Store, name_mask
from aspan.errors import InputError, NotFoundError


def load_catalog(source=None, *, store: Store | str | Path | None = None, norad=None,
                 names: Sequence[str] | str | None = None, strict: bool = True) -> Catalog:
    """A ``Catalog`` from a file, TLE lines, OMM dicts, a Catalog, or the store (see module)."""
    if source is None:
        if isinstance(store, Store):
            catalog = store.latest(norad)
        else:
            with Store(store) as opened:
                catalog = opened.latest(norad)
        if len(catalog) == 0 and norad is None:
            where = store.path if isinstance(store, Store) else (store or "the default store")
            raise NotFoundError(f"the store {where} holds no element sets",
                                hint="import a catalog first: aspan catalog import FILE, or "
                                     "aspan catalog update")
    else:
        catalog = _from_source(source, strict=strict)
    if norad is not None:
        catalog = _select(catalog, norad)
    if names is not None:
        catalog = catalog[name_mask(catalog, names)]
    return catalog


def _from_source(source, *, strict: bool) -> Catalog:
    from aspan.catalog.formats import parse_bytes, read_catalog

    if isinstance(source, Catalog):
        return source
    if isinstance(source, (str, Path)):
        return read_catalog(Path(source), strict=strict).catalog
    if isinstance(source, (bytes, bytearray)):
        return parse_bytes(bytes(source), name="<bytes>", strict=strict).catalog
    try:
        items = list(source)
    except TypeError:
        raise InputError(f"cannot read {type(source).__name__} {source!r:.60} as element sets",
                         hint=_GIVE) from None
    if not items:
        return Catalog.empty()
    if all(isinstance(item, dict) for item in items):
        try:
            data = json.dumps(items, default=_omm_value).encode()
        except (TypeError, ValueError) as error:  # a key that is not a string, a cycle
            raise InputError(f"the OMM dicts cannot be read: {error}",
                             hint="give OMM dicts with CelesTrak's JSON keys and values") from None
        return parse_bytes(data, name="<omm dicts>.json", strict=strict).catalog
    lines: list[str] = []
    for item in items:
        if isinstance(item, str):
            lines.append(item)
        elif isinstance(item, (tuple, list)) and len(item) in (2, 3):
            lines.extend(str(x) for x in item)
        else:
            raise InputError(f"cannot read {type(item).__name__} {item!r:.60} as an element set",
                             hint=_GIVE)
    text = "\n".join(line.rstrip("\r\n") for line in lines) + "\n"
    return parse_bytes(text.encode(), name="<tle lines>.tle", strict=strict).catalog


_GIVE = ("give (line1, line2) or (name, line1, line2) tuples, OMM dicts, a file path or a "
         "Catalog")


def _omm_value(value):
    """A numpy number in an OMM dict as the Python number; anything else is refused."""
    if isinstance(value, np.generic):
        return value.item()
    raise InputError(f"an OMM value is {type(value).__name__} {value!r:.40}, expected a number or"
                     " a string", hint="give OMM dicts with CelesTrak's JSON keys and values")


def _select(catalog: Catalog, norad) -> Catalog:
    wanted = [int(k) for k in np.atleast_1d(np.asarray(norad, dtype=object)).tolist()]
    present = set(catalog.norad_id.tolist())
    missing = [k for k in wanted if k not in present]
    if missing:
        shown = ", ".join(str(k) for k in missing[:20])
        more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
        raise NotFoundError(f"no element set for catalog number{'s' * (len(missing) > 1)} "
                            f"{shown}{more}", value=missing,
                            hint="check the numbers, or import a catalog that has them")
    return catalog.select(wanted)
