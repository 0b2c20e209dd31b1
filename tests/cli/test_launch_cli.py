"""``aspan launch ...`` and ``aspan spaceports``: JSON shapes, plots, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from aspan.cli.main import main

ACTIVE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / \
    "celestrak-active-2025-10-03.tle"


def test_compare_sso_json_and_map(capsys, tmp_path):
    png = tmp_path / "map.png"
    assert main(["launch", "compare", "--sso-altitude-km", "500", "--ltan", "10:30", "--json",
                 "--plot", str(png)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 17
    assert set(rows[0]) == {"site", "feasible", "azimuth_deg", "rotation_gain_km_s",
                            "penalty_dv_km_s", "notes"}
    assert set(rows[0]["azimuth_deg"][0]) == {"direction", "inertial_deg", "rotating_deg",
                                              "within_corridor"}
    assert png.stat().st_size > 20_000


def test_compare_geo_and_circular_with_coordinates(capsys):
    assert main(["launch", "compare", "--geo", "--site", "baikonur-45-1", "--site", "0,-50",
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["penalty_dv_km_s"] > 0.9 and rows[1]["penalty_dv_km_s"] < 0.01
    assert main(["launch", "compare", "--altitude-km", "400", "--inclination-deg", "51.6"]) == 0
    assert "baikonur-31-6" in capsys.readouterr().out


def test_windows_json_calendar_and_no_window(capsys, tmp_path):
    png = tmp_path / "cal.png"
    assert main(["launch", "windows", "--site", "baikonur-31-6", "--raan-deg", "100",
                 "--inclination-deg", "51.64", "--epoch", "2026-01-01", "--date", "2026-01-01",
                 "--days", "3", "--json", "--plot", str(png)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and all(r["node"] == "ascending" for r in rows)
    assert set(rows[0]) == {"time_utc", "node", "azimuth_deg"}
    assert png.stat().st_size > 10_000
    assert main(["launch", "windows", "--site", "62.9,40.6", "--raan-deg", "100",
                 "--inclination-deg", "51.64", "--epoch", "2026-01-01", "--date", "2026-01-01",
                 "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == [] and "lies above the plane's reach" in out.err


def test_windows_target_norad(capsys):
    if not ACTIVE.is_file():
        return
    assert main(["launch", "windows", "--site", "baikonur-31-6", "--target-norad", "25544",
                 "--catalog", str(ACTIVE), "--date", "2025-11-27", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["time_utc"].startswith("2025-11-27T09:2")


def test_moon_and_spaceports(capsys, tmp_path):
    assert main(["launch", "moon", "--site", "baikonur-45-1", "--start", "2026-01-01", "--days",
                 "2", "--json", "--plot", str(tmp_path / "m.png")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {"time_utc", "tli_dv_km_s", "moon_declination_deg"} <= set(rows[0])
    assert main(["spaceports", "list", "--json"]) == 0
    pads = json.loads(capsys.readouterr().out)
    assert pads[0]["corridors_deg"] == [[345.0, 63.0]]
    assert main(["spaceports", "list"]) == 0


def test_errors_are_one_line(capsys):
    assert main(["launch", "compare", "--geo", "--altitude-km", "500"]) == 2
    assert "give exactly one orbit" in capsys.readouterr().err
    assert main(["launch", "windows", "--site", "nowhere", "--date", "2026-01-01",
                 "--raan-deg", "1", "--inclination-deg", "51", "--epoch", "2026-01-01"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aspan: unknown launch pad 'nowhere'") and err.count("\n") == 1
    assert main(["launch", "windows", "--site", "baikonur-31-6", "--date", "2026-01-01"]) == 2
    assert "give a target plane" in capsys.readouterr().err
