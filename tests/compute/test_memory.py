"""Prefaulted output arrays: the same arrays as np.empty would give, writable and owned."""

import gc

import numpy as np

from aspan.compute.memory import PREFAULT_MIN_BYTES, prefaulted_empty


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
