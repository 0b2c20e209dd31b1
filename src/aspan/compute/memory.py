"""Large output arrays, allocated with their pages already mapped.

A fresh ``np.empty`` of a few GB costs a page fault per 4 KiB page on first write: on the
virtual machines measured here 1.9 GB of states took about 2 s of faults, as long as the SGP4
kernel itself. An anonymous mapping with ``MAP_POPULATE`` has the kernel map (and zero) every
page in one system call, about 4x faster. Small arrays and systems without ``MAP_POPULATE``
get a plain ``np.empty``. The array owns its mapping: it is released with the array.
"""

from __future__ import annotations

import math
import mmap

import numpy as np

#: below this size the page faults do not matter
PREFAULT_MIN_BYTES = 64 * 2**20

_MAP_POPULATE = getattr(mmap, "MAP_POPULATE", None)


def prefaulted_empty(shape, dtype=np.float64) -> np.ndarray:
    """An uninitialised (in fact zeroed) C-contiguous array whose pages are mapped."""
    dtype = np.dtype(dtype)
    nbytes = math.prod(shape) * dtype.itemsize
    if _MAP_POPULATE is None or nbytes < PREFAULT_MIN_BYTES:
        return np.empty(shape, dtype=dtype)
    try:
        buf = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | _MAP_POPULATE)
    except (OSError, ValueError):  # no memory for a populated mapping: let numpy try
        return np.empty(shape, dtype=dtype)
    return np.frombuffer(buf, dtype=dtype).reshape(shape)
