"""Large output arrays whose pages cost little to map.

A fresh ``np.empty`` of a few GB costs a page fault per 4 KiB page on first write: on the
virtual machines measured here 1.9 GB of states took about 2 s of faults, as long as the SGP4
kernel itself. Two remedies, best first:

- transparent huge pages: an anonymous mapping advised ``MADV_HUGEPAGE`` faults once per
  2 MiB instead of once per 4 KiB, lazily, in whichever thread writes first (so the kernel's
  threads share the work). 1.8 GB written by one thread: 0.27 s against 0.83 s populated
  (benchmarks/propagation.py shows the effect on the whole run);
- ``MAP_POPULATE``, where huge pages are off (``never``): the kernel maps and zeroes every
  page in one system call, about 4x faster than faulting them one by one.

Small arrays and systems with neither get a plain ``np.empty``. The array owns its mapping:
it is released with the array.
"""

from __future__ import annotations

import math
import mmap
from pathlib import Path

import numpy as np

#: below this size the page faults do not matter
PREFAULT_MIN_BYTES = 64 * 2**20

_MAP_POPULATE = getattr(mmap, "MAP_POPULATE", None)
_MADV_HUGEPAGE = getattr(mmap, "MADV_HUGEPAGE", None)
_THP_SETTING = Path("/sys/kernel/mm/transparent_hugepage/enabled")


def huge_pages_available() -> bool:
    """True when the kernel gives transparent huge pages to mappings that ask for them."""
    if _MADV_HUGEPAGE is None:
        return False
    try:
        setting = _THP_SETTING.read_text()
    except OSError:
        return False
    return "[always]" in setting or "[madvise]" in setting


_HUGE = huge_pages_available()


def prefaulted_empty(shape, dtype=np.float64) -> np.ndarray:
    """An uninitialised (in fact zeroed) C-contiguous array that is cheap to fill."""
    dtype = np.dtype(dtype)
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes < PREFAULT_MIN_BYTES or not (_HUGE or _MAP_POPULATE is not None):
        return np.empty(shape, dtype=dtype)
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
    try:
        if _HUGE:
            buf = mmap.mmap(-1, nbytes, flags=flags)
            buf.madvise(_MADV_HUGEPAGE)
        else:
            buf = mmap.mmap(-1, nbytes, flags=flags | _MAP_POPULATE)
    except (OSError, ValueError):  # no memory for the mapping: let numpy try
        return np.empty(shape, dtype=dtype)
    return np.frombuffer(buf, dtype=dtype).reshape(shape)


def _libc_malloc_trim():
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_MALLOC_TRIM = _libc_malloc_trim()


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim(0)``).

    A long-running server computes in a pool of threads, and glibc gives each thread its own
    heap (arena); the memory a large request freed stays mapped in that arena, so resident
    memory creeps up with every thread that ever ran a big job (measured: +60 MB a minute
    under the mixed load of ``benchmarks/service.py``). Called after imports and jobs; a no-op
    where the C library is not glibc.
    """
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
