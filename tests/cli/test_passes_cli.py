"""``aspan passes`` and ``aspan crossings`` in-process: JSON fields, plot, errors."""

from __future__ import annotations

import json

from aspan.cli.main import main

ACTIVE = "../shared/data/celestrak-active-2025-10-03.tle"
FIELDS = {"norad_id", "name", "station", "rise_utc", "culmination_utc", "set_utc",
          "max_elevation_deg", "rise_azimuth_deg", "culmination_azimuth_deg", "set_azimuth_deg"}


def test_passes_json_fields(capsys):
    code = main(["passes", "--catalog", ACTIVE, "--norad", "25544,43805", "--station",
                 "almaty-kaznu", "--station", "45.92,63.34,90", "--start",
                 "2025-10-03T00:00:00Z", "--hours", "24", "--frequency-mhz", "437", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) > 5
    assert FIELDS <= out[0].keys()
    assert "rise_doppler_hz" in out[0]
    assert {r["station"] for r in out} >= {"almaty-kaznu"}


def test_passes_optical_and_plot(capsys, tmp_path):
    png = tmp_path / "sky.png"
    code = main(["passes", "--catalog", ACTIVE, "--norad", "39419,60464,25544", "--station",
                 "almaty-kaznu", "--start", "2025-10-03T00:00:00Z", "--stop",
                 "2025-10-04T00:00:00Z", "--optical", "--darkness", "civil", "--std-mag",
                 "39419=4.5,25544=-1.8", "--json",
                 "--plot", str(png)])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out and all(r["visible"] for r in out)
    assert {"visible_start_utc", "visible_end_utc", "magnitude"} <= out[0].keys()
    assert png.stat().st_size > 10_000


def test_passes_table_and_bad_input(capsys):
    assert main(["passes", "--catalog", ACTIVE, "--norad", "25544", "--station",
                 "almaty-kaznu", "--start", "2025-10-03T00:00:00Z", "--hours", "6"]) == 0
    assert "passes" in capsys.readouterr().out
    assert main(["passes", "--catalog", ACTIVE, "--norad", "25544", "--station",
                 "almaty-kaznu", "--start", "2025-10-03T00:00:00Z"]) == 2
    assert "stop time or a number of hours" in capsys.readouterr().err


def test_crossings_json(capsys):
    code = main(["crossings", "--catalog", ACTIVE, "--norad", "25544", "--site",
                 "almaty-kaznu", "--ra-deg", "176.4963", "--dec-deg", "46.4877", "--fov-deg",
                 "2", "--start", "2025-10-03T06:02:11.8Z", "--exposure-s", "60", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 1 and out[0]["norad_id"] == 25544
    assert {"entry_utc", "exit_utc", "track", "min_separation_deg"} <= out[0].keys()
