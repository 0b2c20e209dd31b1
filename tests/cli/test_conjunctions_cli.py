"""aspan conjunctions, in process: JSON keys, the plot, errors exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from aspan.catalog.export import export_catalog
from aspan.catalog.load import load_catalog
from aspan.cli.main import main

FULL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "satcat-full-2024-07.tle"
KEYS = {"primary", "secondary", "tca_utc", "miss_km", "relative_speed_km_s", "radial_km",
        "in_track_km", "cross_track_km", "probability"}

pytestmark = pytest.mark.skipif(not FULL.exists(), reason="shared catalog not present")


@pytest.fixture(scope="module")
def small_tle(tmp_path_factory):
    cat = load_catalog(FULL)
    sub = cat[np.sort(np.random.default_rng(1).choice(len(cat), 2000, replace=False))]
    path = tmp_path_factory.mktemp("conj") / "sub.tle"
    path.write_text(export_catalog(sub, "tle"))
    return path


def test_json_and_plot(small_tle, tmp_path, capsys):
    png = tmp_path / "event.png"
    code = main(["conjunctions", "--catalog", str(small_tle), "--start", "2024-07-05T00:00:00Z",
                 "--hours", "1", "--threshold-km", "5", "--json", "--plot-event", "3213:54424",
                 str(png)])
    out = capsys.readouterr().out
    assert code == 0
    records = json.loads(out)
    assert records and KEYS <= set(records[0])
    assert any({r["primary"], r["secondary"]} == {3213, 54424} for r in records)
    assert all(r["miss_km"] < 5 for r in records)
    assert png.stat().st_size > 10_000


def test_primary_table_and_errors(small_tle, capsys):
    code = main(["conjunctions", "--catalog", str(small_tle), "--start", "2024-07-05T00:00:00Z",
                 "--hours", "1", "--primary", "3213"])
    assert code == 0
    assert "approaches under 5 km" in capsys.readouterr().out
    assert main(["conjunctions", "--catalog", str(small_tle), "--start", "2024-07-05",
                 "--hours", "1", "--days", "1"]) == 2
    assert "one of --hours or --days" in capsys.readouterr().err
    assert main(["conjunctions", "--catalog", str(small_tle), "--start", "2024-07-05",
                 "--hours", "1", "--plot-event", "1-2", "x.png"]) == 2
    assert "PRIMARY:SECONDARY" in capsys.readouterr().err
