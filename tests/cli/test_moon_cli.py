"""``aspan moon ...``: JSON shapes, tables, plots, errors (exit 2, one line)."""

from __future__ import annotations

import json
from pathlib import Path

from aspan.cli.main import main

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lunar-horizons.csv"


def test_sites_json(capsys):
    assert main(["moon", "sites", "--json"]) == 0
    sites = {s["key"]: s for s in json.loads(capsys.readouterr().out)}
    assert len(sites) == 17 and sites["connecting-ridge"]["lat_deg"] == -89.53432


def test_sky_json_and_plot(capsys, tmp_path):
    png = tmp_path / "sky.png"
    assert main(["moon", "sky", "--site", "connecting-ridge", "--body", "earth", "--start",
                 "2026-01-01", "--stop", "2026-01-02", "--step-s", "21600", "--json",
                 "--plot", str(png)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5
    assert set(rows[0]) == {"time_utc", "altitude_deg", "azimuth_deg", "distance_km"}
    assert rows[0]["time_utc"] == "2026-01-01T00:00:00Z"
    assert 350_000 < rows[0]["distance_km"] < 410_000
    assert png.stat().st_size > 10_000
    assert main(["moon", "sky", "--site", "-89.9,0", "--ra-deg", "101.287", "--dec-deg",
                 "-16.716", "--start", "2026-01-01", "--stop", "2026-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["distance_km"] is None


def test_light_and_earth_json(capsys, tmp_path):
    args = ["--site", "connecting-ridge", "--start", "2026-01-01", "--stop", "2026-01-15",
            "--mast-m", "2"]
    if SHARED.is_file():
        args += ["--horizon", str(SHARED)]
    assert main(["moon", "light", *args, "--json", "--plot", str(tmp_path / "t.png")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"sunlit_fraction", "longest_dark_hours", "intervals"} <= set(data)
    assert set(data["intervals"][0]) == {"start_utc", "stop_utc", "state"}
    assert data["intervals"][0]["start_utc"] == "2026-01-01T00:00:00Z"
    assert data["intervals"][-1]["stop_utc"] == "2026-01-15T00:00:00Z"
    assert {i["state"] for i in data["intervals"]} <= {"full", "partial", "dark"}
    assert (tmp_path / "t.png").is_file()
    assert main(["moon", "earth", *args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"visible_fraction", "longest_hidden_hours", "intervals"} <= set(data)
    assert {i["state"] for i in data["intervals"]} <= {"full", "partial", "hidden"}


def test_link_json(capsys):
    assert main(["moon", "link", "--site", "malapert-massif", "--station", "almaty-kaznu",
                 "--start", "2026-03-01", "--stop", "2026-03-02", "--json"]) == 0
    (data,) = json.loads(capsys.readouterr().out)
    assert data["station"] == "Almaty KazNU ground station"
    assert {"start_utc", "stop_utc", "range_km_min", "light_time_s_max"} <= set(
        data["intervals"][0])


def test_errors_are_one_line_exit_2(capsys, tmp_path):
    assert main(["moon", "light", "--site", "-95,0", "--start", "2026-01-01", "--stop",
                 "2026-01-02"]) == 2
    err = capsys.readouterr().err
    assert err == ("aspan: lunar site '-95,0': latitude -95.0 deg is outside [-90, 90]; give "
                   "latitude first, then longitude: LAT,LON[,HEIGHT_M]\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("az,el\n0,1\n")
    assert main(["moon", "light", "--site", "-89,0", "--horizon", str(bad), "--start",
                 "2026-01-01", "--stop", "2026-01-02"]) == 2
    assert capsys.readouterr().err == (
        f"aspan: {bad} line 1: expected the header 'azimuth_deg,elevation_deg', got 'az,el'; "
        "write the header first, then one azimuth,elevation pair per line\n")
    assert main(["moon", "sky", "--site", "-89,0", "--body", "vulcan", "--start",
                 "2026-01-01", "--stop", "2026-01-02"]) == 2
    assert capsys.readouterr().err.startswith("aspan: unknown body 'vulcan'; known bodies: sun")
