"""``aspan observe ...``: JSON shapes, plots, errors (exit 2, one line naming the fix)."""

from __future__ import annotations

import json

import pytest

from aspan.cli.main import main

TARGETS = ("name,ra_deg,dec_deg,priority,exposure_s\n"
           "M31,10.685,41.269,5,600\nM42,83.82,-5.39,3,300\nVega,279.23,38.78,1,120\n"
           "Canopus,95.99,-52.70,2,300\n")


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_telescopes_json(capsys):
    assert main(["observe", "telescopes", "--json"]) == 0
    rows = _json(capsys)
    assert [r["key"] for r in rows] == ["lut", "lunar-0.5m", "azt-20", "tshao-1m"]
    assert {"key", "name", "kind", "site", "band", "aperture_m", "efficiency",
            "stray_light_mag_arcsec2"} <= set(rows[0])


def test_depth_json_reproduces_lut(capsys):
    assert main(["observe", "depth", "--telescope", "lut", "--site", "moon:44.12,-19.51",
                 "--exposure-s", "30", "--snr", "5", "--json"]) == 0
    d = _json(capsys)
    assert abs(d["limiting_magnitude"] - 13.5) < 0.3
    assert d["band"] == "NUV-LUT" and d["n_frames"] == 1 and d["airmass"] == 1.0


def test_snr_json_and_vega(capsys):
    assert main(["observe", "snr", "--telescope", "azt-20", "--site", "assy-turgen",
                 "--magnitude", "20", "--exposure-s", "300", "--json"]) == 0
    ab = _json(capsys)
    assert set(ab) >= {"snr", "magnitude", "exposure_s", "sky_mag_arcsec2", "airmass"}
    assert main(["observe", "snr", "--telescope", "azt-20", "--magnitude", "20",
                 "--exposure-s", "300", "--system", "Vega", "--json"]) == 0
    vega = _json(capsys)
    assert vega["snr"] < ab["snr"]  # V(Vega) 20 is AB 20.02: a little fainter
    assert main(["observe", "snr", "--telescope", "azt-20", "--magnitude", "20",
                 "--exposure-s", "300"]) == 0
    assert "SNR" in capsys.readouterr().out


def test_plan_json_and_plot(capsys, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(TARGETS, encoding="utf-8")
    png = tmp_path / "plan.png"
    assert main(["observe", "plan", "--site", "assy-turgen", "--telescope", "azt-20",
                 "--targets", str(path), "--start", "2026-12-01T12:00Z", "--stop",
                 "2026-12-02T02:00Z", "--json", "--plot", str(png)]) == 0
    d = _json(capsys)
    assert {"blocks", "unscheduled", "weighted_exposure_s", "n_blocks", "start_utc"} <= set(d)
    names = {b["target"] for b in d["blocks"]}
    assert {"M31", "M42"} <= names
    assert {u["target"] for u in d["unscheduled"]} == {"Canopus"}  # never 20 deg up at 43 N
    assert set(d["blocks"][0]) >= {"target", "start_utc", "stop_utc", "slew_s", "exposure_s"}
    assert png.stat().st_size > 20_000


def test_plan_lunar_site_table(capsys, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(TARGETS, encoding="utf-8")
    assert main(["observe", "plan", "--site", "moon:-89.5,0", "--telescope", "lunar-0.5m",
                 "--targets", str(path), "--start", "2027-07-01", "--stop",
                 "2027-07-03"]) == 0
    assert "blocks" in capsys.readouterr().out


def test_compare_json(capsys):
    assert main(["observe", "compare", "--telescope", "lunar-0.5m", "--telescope",
                 "tshao-1m", "--target", "LMC=80.89,-69.76", "--target", "M31=10.68,41.27",
                 "--year", "2027", "--json"]) == 0
    d = _json(capsys)
    lunar, ground = d["telescopes"]
    assert lunar["telescope"] == "lunar-0.5m" and ground["site"] == "Tien Shan Observatory"
    assert lunar["targets"][0]["observable_hours_per_year"] > 1000  # the LMC from the pole
    assert ground["targets"][0]["observable_hours_per_year"] == 0.0  # never up at 43 N
    assert d["winners"]["LMC"]["winner"] == "lunar-0.5m"
    assert d["winners"]["M31"]["winner"] == "tshao-1m"


@pytest.mark.parametrize(("args", "fragment"), [
    (["depth", "--telescope", "hubble", "--exposure-s", "30"], "unknown telescope 'hubble'"),
    (["depth", "--telescope", "lut", "--exposure-s", "-30"], "exposure_s must be positive"),
    (["snr", "--telescope", "lut", "--site", "moon:95,0", "--magnitude", "10",
      "--exposure-s", "30"], "latitude 95.0 deg is outside [-90, 90]"),
    (["depth", "--telescope", "azt-20", "--site", "atlantis", "--exposure-s", "30"],
     "unknown site 'atlantis'"),
    (["depth", "--telescope", "azt-20", "--exposure-s", "30", "--system", "ST"],
     "neither AB nor Vega"),
    (["compare", "--telescope", "azt-20", "--target", "M31"], "expected NAME=RA_DEG,DEC_DEG"),
    (["compare", "--telescope", "azt-20", "--site", "a", "--site", "b", "--target",
      "M31=1,2"], "2 --site for 1 --telescope"),
])
def test_bad_input_exits_2(capsys, args, fragment):
    assert main(["observe", *args]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1 and err.startswith("aspan: ")


def test_bad_targets_file_exits_2(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,ra_deg\nX,10\n", encoding="utf-8")
    assert main(["observe", "plan", "--telescope", "azt-20", "--targets", str(path),
                 "--start", "2026-12-01", "--stop", "2026-12-02"]) == 2
    err = capsys.readouterr().err
    assert f"{path} line 1: missing column 'dec_deg'" in err
    assert main(["observe", "plan", "--telescope", "azt-20", "--targets",
                 str(tmp_path / "none.csv"), "--start", "2026-12-01", "--stop",
                 "2026-12-02"]) == 2
    assert "cannot read the targets file" in capsys.readouterr().err
