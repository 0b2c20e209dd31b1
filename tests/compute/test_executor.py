"""Executors: local order, the environment variable, a Dask client."""

from __future__ import annotations

import pytest

from aspan.compute.executor import SCHEDULER_ENV, DaskExecutor, LocalExecutor, get_executor
from aspan.errors import InputError


def _square(task, shared):
    return task * task + shared


def test_local_map_keeps_order_and_reports_progress():
    seen = []
    out = LocalExecutor().map(_square, [3, 1, 2], shared=10,
                              progress=lambda d, t: seen.append((d, t)))
    assert out == [19, 11, 14]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_default_is_local_and_env_is_read(monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert get_executor(None).name == "local"
    assert get_executor("local").name == "local"
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:1")
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        get_executor(None)


def test_dask_map_keeps_order():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=False, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ex = get_executor(client)
        assert isinstance(ex, DaskExecutor)
        seen = []
        assert ex.map(_square, list(range(8)), shared=1,
                      progress=lambda d, t: seen.append(d)) == [k * k + 1 for k in range(8)]
        assert seen == list(range(1, 9))
        ex.close()
