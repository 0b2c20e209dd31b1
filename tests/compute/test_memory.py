"""Prefaulted output arrays: the same arrays as np.empty would give, writable and owned."""

import gc
import sys
import threading

import numpy as np
import pytest

from aspan.compute import memory
from aspan.compute.memory import PREFAULT_MIN_BYTES, prefaulted_empty, release_free_memory


def test_small_and_large_arrays_have_the_asked_shape_and_type():
    small = prefaulted_empty((10, 3))
    assert small.shape == (10, 3) and small.dtype == np.float64 and small.flags.writeable
    n = PREFAULT_MIN_BYTES // 8 + 1000
    big = prefaulted_empty((n // 3, 3), dtype=np.float64)
    assert big.shape == (n // 3, 3) and big.flags.c_contiguous and big.flags.writeable
    big[:] = 1.5
    assert float(big.sum()) == 1.5 * big.size
    codes = prefaulted_empty((PREFAULT_MIN_BYTES + 7,), dtype=np.uint8)
    assert codes.dtype == np.uint8 and not codes.any()  # mapped pages arrive zeroed
    del big, codes
    gc.collect()


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_release_free_memory_returns_a_worker_threads_freed_heap():
    """Memory freed in a worker thread's arena stays resident until trimmed (the service's
    creeping RSS under load); release_free_memory hands it back."""
    def churn():
        keep = []
        for i in range(400):  # ~0.8 MB arrays, on the heap once glibc's mmap threshold rose
            keep.append(np.ones(100_000 + i))
            if i % 2:
                keep[i - 1] = None
        keep.clear()

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()
    before = _rss_mb()
    release_free_memory()
    after = _rss_mb()
    if memory._MALLOC_TRIM is None:
        pytest.skip("not glibc: nothing to trim")
    assert after < before - 50, (before, after)
