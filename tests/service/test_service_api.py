"""Every API route over a real uvicorn server on loopback: answers, JSON shapes equal to the
CLI's ``--json``, every class of bad parameter, and the token rules."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from conftest import NEAR_EPOCH, TOKEN, Server, auth

from aspan.cli.main import main as cli_main

PASSES = {"station": "almaty-kaznu", "start": NEAR_EPOCH, "hours": 12,
          "norad": "25544,39731,43805"}
MOON = {"site": "connecting-ridge", "start": "2026-01-01T00:00:00Z",
        "stop": "2026-01-08T00:00:00Z"}


def get(server, path, **params):
    return httpx.get(server.api + path, params=params, timeout=120)


def ok(server, path, **params):
    reply = get(server, path, **params)
    assert reply.status_code == 200, reply.text
    return reply.json()


def cli_json(capsys, *args) -> object:
    capsys.readouterr()
    assert cli_main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def error(reply, status: int, field: str | None = "any") -> dict:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["message"] and isinstance(body["message"], str)
    if field != "any":
        assert body["field"] == field
    return body


# -- meta ----------------------------------------------------------------------------------

def test_health_limits_and_schema(server):
    assert ok(server, "/health")["status"] == "ok"
    limits = ok(server, "/limits")
    assert limits["writing_enabled"] and limits["horizon_table"]
    paths = httpx.get(server.api + "/openapi.json").json()["paths"]
    for route in ("/api/v1/passes", "/api/v1/passes/tracks", "/api/v1/crossings",
                  "/api/v1/propagate", "/api/v1/conjunctions/encounter",
                  "/api/v1/catalog", "/api/v1/catalog/import", "/api/v1/catalog/update",
                  "/api/v1/moon/sky", "/api/v1/moon/light", "/api/v1/moon/earth",
                  "/api/v1/moon/link", "/api/v1/moon/horizon", "/api/v1/launch/compare",
                  "/api/v1/launch/windows", "/api/v1/launch/moon", "/api/v1/spaceports",
                  "/api/v1/jobs/conjunctions", "/api/v1/jobs/passes", "/api/v1/jobs/{job_id}"):
        assert route in paths, route


def test_sites_as_cli(server, capsys):
    assert ok(server, "/sites") == cli_json(capsys, "sites", "list")
    assert ok(server, "/sites/almaty-kaznu")["key"] == "almaty-kaznu"
    assert ok(server, "/sites/43.2,76.9")["lat_deg"] == 43.2
    error(get(server, "/sites/atlantis"), 404)


# -- catalog -------------------------------------------------------------------------------

def test_catalog_list_show_export_as_cli(server, capsys):
    rows = ok(server, "/catalog", name="KAZ*")
    cli = cli_json(capsys, "catalog", "list", "--name", "KAZ*", "--store", str(server.store))
    assert [r["norad_id"] for r in rows] == [r["norad_id"] for r in cli]
    assert {r["name"] for r in rows} >= {"KAZSAT-2", "KAZEOSAT 1"}
    assert all(abs(a["age_days"] - b["age_days"]) < 0.01 for a, b in zip(rows, cli, strict=True))
    assert len(ok(server, "/catalog", limit=7)) == 7
    shown = ok(server, "/catalog/25544")
    cli_show = cli_json(capsys, "catalog", "show", "25544", "--store", str(server.store))
    assert shown.keys() == cli_show.keys() and shown["elements"] == cli_show["elements"]
    exported = ok(server, "/catalog/export", norad="25544,43805", format="omm-json")
    cli_export = cli_json(capsys, "catalog", "export", "--norad", "25544,43805", "-f", "omm-json",
                          "--store", str(server.store))
    assert exported == cli_export
    summary = ok(server, "/catalog/summary")
    assert summary["objects"] > 1000 and summary["epoch_median_utc"].startswith("2025-10-0")


def test_catalog_bad_parameters(server):
    error(get(server, "/catalog/999999"), 404)
    error(get(server, "/catalog/-5"), 422, "norad")
    error(get(server, "/catalog/abc"), 422, "norad")
    error(get(server, "/catalog", limit=0), 422, "limit")
    error(get(server, "/catalog/export", format="pdf"), 422, "format")
    error(get(server, "/catalog/export", norad="12x"), 422, "norad")


def test_import_token_rules_and_duplicates(server, catalog_bytes):
    url = server.api + "/catalog/import"
    error(httpx.post(url, content=catalog_bytes), 401)
    error(httpx.post(url, content=catalog_bytes, headers=auth("nope")), 403)
    error(httpx.post(url, content=catalog_bytes, headers={"Authorization": TOKEN}), 403)
    again = httpx.post(url, content=catalog_bytes, headers=auth(), timeout=60).json()
    assert again["imports"][0]["already_imported"] is True
    assert set(again) == {"store", "imports", "counts"}
    bad = b"ISS\n1 25544U 98067A   25276.49892031  .00012345  00000+0  22222-3 0  9990\n"
    body = error(httpx.post(url, content=bad, headers=auth(), params={"filename": "x.tle"}), 422)
    assert "x.tle" in body["message"]
    error(httpx.post(url, content=b"", headers=auth()), 422, "body")
    # the file name is a label only: path parts are dropped, nothing is opened
    reply = httpx.post(url, content=catalog_bytes[:800], headers=auth(),
                       params={"filename": "../../etc/passwd", "skip_invalid": True})
    assert reply.status_code == 200, reply.text
    assert reply.json()["imports"][0]["source"] == "upload:passwd"


def test_update_needs_token_and_reports_network_errors(server):
    url = server.api + "/catalog/update"
    error(httpx.post(url), 401)
    error(httpx.post(url, params={"group": "../x"}, headers=auth()), 422, "group")
    # the server's ASPAN_CELESTRAK_URL is a closed loopback port (conftest)
    body = error(httpx.post(url, params={"group": "stations"}, headers=auth(), timeout=60), 502)
    assert "127.0.0.1" in body["message"]


def test_body_size_limits(server):
    big = b"x" * 70_000
    error(httpx.post(server.api + "/jobs/passes", content=big, headers=auth()), 413)

    def chunks():
        for _ in range(10):
            yield b" " * 10_000

    reply = httpx.post(server.api + "/jobs/passes", content=chunks(),
                       headers={**auth(), "content-type": "application/json"})
    assert reply.status_code == 413


# -- passes, crossings, propagation ----------------------------------------------------------

def test_passes_as_cli(server, capsys):
    rows = ok(server, "/passes", **PASSES)
    cli = cli_json(capsys, "passes", "--station", "almaty-kaznu", "--start", NEAR_EPOCH,
                   "--hours", "12", "--norad", "25544,39731,43805", "--store", str(server.store))
    assert rows == cli and len(rows) >= 3
    tracks = ok(server, "/passes/tracks", points=10, **PASSES)
    assert len(tracks) == len(rows)
    first = tracks[0]
    assert len(first["azimuth_deg"]) == 10 and first["rise_utc"] == rows[0]["rise_utc"]
    assert max(first["elevation_deg"]) == pytest.approx(rows[0]["max_elevation_deg"], abs=1.0)
    doppler = ok(server, "/passes", frequency_mhz=437.0, **PASSES)
    assert "rise_doppler_hz" in doppler[0]


def test_passes_bad_parameters(server):
    p = dict(PASSES)
    error(get(server, "/passes", **{**p, "hours": 100}), 422, "hours")
    error(get(server, "/passes", **{**p, "hours": -1}), 422, "hours")
    error(get(server, "/passes", **{**p, "hours": "many"}), 422, "hours")
    error(get(server, "/passes", **{**p, "start": "yesterday"}), 422, "start")
    error(get(server, "/passes", **{k: v for k, v in p.items() if k != "start"}), 422, "start")
    error(get(server, "/passes", **{**p, "station": "atlantis"}), 404)
    error(get(server, "/passes", **{**p, "norad": "1,2,x"}), 422, "norad")
    error(get(server, "/passes", **{**p, "norad": "99999999"}), 404)
    error(get(server, "/passes", **{k: v for k, v in p.items() if k != "norad"}), 422, "norad")
    error(get(server, "/passes", **{**p, "min_elevation_deg": 95}), 422, "min_elevation_deg")
    error(get(server, "/passes", **{**p, "darkness": "pitch"}), 422, "darkness")
    no_hours = {k: v for k, v in p.items() if k != "hours"}
    error(get(server, "/passes", **no_hours, stop="2025-10-02T00:00:00Z"), 422, "stop")
    error(get(server, "/passes", **no_hours), 422, "stop")
    error(get(server, "/passes/tracks", points=1, **p), 422, "points")


def test_crossings_propagate_encounter(server, capsys):
    q = {"site": "assy-turgen", "ra_deg": 100, "dec_deg": 20, "fov_deg": 3,
         "start": "2025-10-03T18:00:00Z", "exposure_s": 600}
    found = ok(server, "/crossings", **q)
    cli = cli_json(capsys, "crossings", "--site", "assy-turgen", "--ra-deg", "100", "--dec-deg",
                   "20", "--fov-deg", "3", "--start", q["start"], "--exposure-s", "600",
                   "--store", str(server.store))
    assert found == cli
    error(get(server, "/crossings", **{**q, "fov_deg": 0}), 422, "fov_deg")
    error(get(server, "/crossings", **{**q, "dec_deg": 91}), 422, "dec_deg")
    states = ok(server, "/propagate", start=NEAR_EPOCH, stop="2025-10-03T06:10:00Z", step_s=60,
                norad="25544,43805", frame="itrs")
    assert len(states) == 22 and states[0]["norad_id"] == 25544 and states[0]["error"] == 0
    minutes = ok(server, "/propagate", minutes_since_epoch="0:10:5", norad="25544")
    assert [s["time_utc"] for s in minutes][0].startswith("2025-10-03T11:58:26")
    error(get(server, "/propagate", start=NEAR_EPOCH, norad="25544"), 422, "times")
    error(get(server, "/propagate", minutes_since_epoch="0:10", norad="25544"), 422,
          "minutes_since_epoch")
    error(get(server, "/propagate", start=NEAR_EPOCH, stop="2025-10-10T00:00:00Z",
              step_s=0.5, norad="25544"), 422)
    error(get(server, "/propagate", start=NEAR_EPOCH, stop="2025-10-03T07:00:00Z",
              step_s=60, norad="25544", frame="ecef"), 422, "frame")
    g = ok(server, "/conjunctions/encounter", primary=25544, secondary=48274,
           tca_utc=NEAR_EPOCH, n=5)
    assert len(g["range_km"]) == 5
    radial, in_track, cross = g["radial_km"][2], g["in_track_km"][2], g["cross_track_km"][2]
    assert (radial**2 + in_track**2 + cross**2) ** 0.5 == pytest.approx(g["range_km"][2], 1e-9)
    error(get(server, "/conjunctions/encounter", primary=25544, secondary=1,
              tca_utc=NEAR_EPOCH), 404)
    error(get(server, "/conjunctions/encounter", primary=25544, secondary=48274,
              tca_utc=NEAR_EPOCH, half_width_s=0), 422, "half_width_s")


# -- the Moon ------------------------------------------------------------------------------

def test_moon_routes_as_cli(server, capsys):
    assert ok(server, "/moon/sites") == cli_json(capsys, "moon", "sites")
    sky = ok(server, "/moon/sky", body="earth", step_s=21600, **MOON)
    assert sky == cli_json(capsys, "moon", "sky", "--site", MOON["site"], "--start",
                           MOON["start"], "--stop", MOON["stop"], "--step-s", "21600",
                           "--body", "earth")
    light = ok(server, "/moon/light", step_s=1200, **MOON)
    cli = cli_json(capsys, "moon", "light", "--site", MOON["site"], "--start", MOON["start"],
                   "--stop", MOON["stop"], "--step-s", "1200")
    assert light == cli
    table = ok(server, "/moon/earth", step_s=1200, horizon="table", mast_m=2, **MOON)
    assert table["horizon"] == "table" and 0 <= table["visible_fraction"] <= 1
    star = ok(server, "/moon/sky", ra_deg=101.287, dec_deg=-16.716, step_s=86400, **MOON)
    assert len(star) == 8 and star[0]["distance_km"] is None
    links = ok(server, "/moon/link", station="almaty-kaznu", step_s=1200, **MOON)
    assert links[0]["station"].startswith("Almaty") and links[0]["intervals"]
    mask = ok(server, "/moon/horizon", site="connecting-ridge", mast_m=2, horizon="table")
    assert len(mask["azimuth_deg"]) == 720
    assert ok(server, "/moon/horizon", site="connecting-ridge")["azimuth_deg"] == []


def test_moon_bad_parameters(server):
    error(get(server, "/moon/sky", **MOON), 422)  # neither body nor star
    error(get(server, "/moon/sky", body="earth", ra_deg=1, dec_deg=2, **MOON), 422)
    error(get(server, "/moon/light", **{**MOON, "site": "tranquility-base-hotel"}), 404)
    error(get(server, "/moon/light", **{**MOON, "stop": "2025-12-01T00:00:00Z"}), 422, "stop")
    error(get(server, "/moon/light", **{**MOON, "stop": "2028-01-01T00:00:00Z"}), 422, "hours")
    error(get(server, "/moon/sky", body="earth", step_s=1, **MOON), 422, "step_s")
    error(get(server, "/moon/light", horizon="/etc/passwd", **MOON), 422, "horizon")
    error(get(server, "/moon/light", mast_m=-1, **MOON), 422, "mast_m")
    error(get(server, "/moon/earth", horizon="table", **{**MOON, "site": "-89.5,0"}), 422,
          "site")


# -- launch --------------------------------------------------------------------------------

def test_launch_routes_as_cli(server, capsys):
    assert ok(server, "/spaceports") == cli_json(capsys, "spaceports", "list")
    rows = ok(server, "/launch/compare", altitude_km=500, inclination_deg=97.4)
    assert rows == cli_json(capsys, "launch", "compare", "--altitude-km", "500",
                            "--inclination-deg", "97.4")
    assert len(ok(server, "/launch/compare", geo=True, site=["baikonur-31-6", "wenchang-lc101"])) == 2
    assert ok(server, "/launch/compare", sso_altitude_km=600, ltan="10:30")
    windows = ok(server, "/launch/windows", site="baikonur-31-6", date="2025-10-03", days=2,
                 target_norad=25544)
    assert windows == cli_json(capsys, "launch", "windows", "--site", "baikonur-31-6",
                               "--date", "2025-10-03", "--days", "2", "--target-norad", "25544",
                               "--store", str(server.store))
    assert windows and all(w["node"] in ("ascending", "descending") for w in windows)
    by_elements = ok(server, "/launch/windows", site="wenchang-lc101", date="2026-01-01",
                     raan_deg=120, inclination_deg=41.5, epoch="2026-01-01T00:00:00Z")
    assert isinstance(by_elements, list)
    moon = ok(server, "/launch/moon", site="baikonur-31-6", start="2026-01-01", days=5)
    assert moon == cli_json(capsys, "launch", "moon", "--site", "baikonur-31-6", "--start",
                            "2026-01-01", "--days", "5")


def test_launch_bad_parameters(server):
    error(get(server, "/launch/compare"), 422, "orbit")
    error(get(server, "/launch/compare", altitude_km=500), 422, "orbit")
    error(get(server, "/launch/compare", geo=True, altitude_km=500, inclination_deg=5), 422)
    error(get(server, "/launch/compare", altitude_km=500, inclination_deg=200), 422,
          "inclination_deg")
    error(get(server, "/launch/windows", site="baikonur-31-6", date="2025-10-03"), 422, "target")
    error(get(server, "/launch/windows", site="baikonur-31-6", date="2025-10-03",
              target_norad=25544, days=400), 422, "days")
    error(get(server, "/launch/windows", site="spaceport-america", date="2025-10-03",
              target_norad=25544), 404)
    error(get(server, "/launch/moon", site="baikonur-31-6", start="someday"), 422)


# -- jobs ----------------------------------------------------------------------------------

def wait_job(server, job_id: str, timeout_s: float = 90.0) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = httpx.get(f"{server.api}/jobs/{job_id}").json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {job['status']} after {timeout_s} s")


def test_passes_job_equals_the_direct_answer(server):
    body = {"station": ["almaty-kaznu", "baikonur"], "start": NEAR_EPOCH, "hours": 72,
            "norad": ["25544,39731"]}
    error(httpx.post(server.api + "/jobs/passes", json=body), 401)
    reply = httpx.post(server.api + "/jobs/passes", json=body, headers=auth())
    assert reply.status_code == 202, reply.text
    job = wait_job(server, reply.json()["id"])
    assert job["status"] == "done" and job["progress"] == 1.0
    result = httpx.get(f"{server.api}/jobs/{job['id']}/result").json()["result"]
    direct = ok(server, "/passes", station=["almaty-kaznu", "baikonur"], start=NEAR_EPOCH,
                hours=48, norad="25544,39731")
    assert result[:len(direct) // 2] == direct[:len(direct) // 2] or len(result) > len(direct)
    assert {r["station"] for r in result} == {"almaty-kaznu", "baikonur"}
    assert job["id"] in [j["id"] for j in ok(server, "/jobs")]


def test_conjunction_job_and_cancel(server, capsys):
    body = {"start": NEAR_EPOCH, "hours": 3, "threshold_km": 20, "primary": ["25544,39731"]}
    job = wait_job(server, httpx.post(server.api + "/jobs/conjunctions", json=body,
                                      headers=auth()).json()["id"])
    assert job["status"] == "done", job
    result = httpx.get(f"{server.api}/jobs/{job['id']}/result").json()["result"]
    cli = cli_json(capsys, "conjunctions", "--start", NEAR_EPOCH, "--hours", "3",
                   "--threshold-km", "20", "--primary", "25544,39731",
                   "--store", str(server.store))
    assert result == cli
    long = httpx.post(server.api + "/jobs/conjunctions", headers=auth(),
                      json={"start": NEAR_EPOCH, "hours": 48}).json()
    error(httpx.post(f"{server.api}/jobs/{long['id']}/cancel"), 401)
    cancelled = httpx.post(f"{server.api}/jobs/{long['id']}/cancel", headers=auth()).json()
    assert cancelled["status"] == "cancelled"
    assert wait_job(server, long["id"])["status"] == "cancelled"


def test_job_bad_parameters(server):
    url = server.api + "/jobs/conjunctions"
    error(httpx.post(url, json={"start": NEAR_EPOCH}, headers=auth()), 422, "hours")
    error(httpx.post(url, json={"start": NEAR_EPOCH, "hours": 1, "days": 1}, headers=auth()),
          422, "hours")
    error(httpx.post(url, json={"start": NEAR_EPOCH, "days": 30}, headers=auth()), 422, "hours")
    error(httpx.post(url, json={"start": NEAR_EPOCH, "hours": 1, "sigma_ric_m": "1,2"},
                     headers=auth()), 422, "sigma_ric_m")
    error(httpx.post(url, json={"start": NEAR_EPOCH, "hours": 1, "threshold_km": 500},
                     headers=auth()), 422, "threshold_km")
    error(httpx.post(url, json={"start": "soon", "hours": 1}, headers=auth()), 422, "start")
    error(httpx.post(url, json={"start": NEAR_EPOCH, "hours": 1, "extra": 1}, headers=auth()),
          422, "extra")
    error(httpx.post(url, content=b"{not json", headers={**auth(),
                     "content-type": "application/json"}), 422)
    error(httpx.post(server.api + "/jobs/passes", json={"station": [], "start": NEAR_EPOCH,
                     "hours": 1}, headers=auth()), 422, "station")
    # an object the store does not hold is refused at submission, and no job is made
    jobs_before = ok(server, "/jobs", limit=500)
    body = error(httpx.post(server.api + "/jobs/passes", headers=auth(),
                            json={"station": ["baikonur"], "start": NEAR_EPOCH, "hours": 1,
                                  "norad": ["25544,999999999"]}), 404)
    assert "999999999" in body["message"]
    body = error(httpx.post(url, headers=auth(), json={"start": NEAR_EPOCH, "hours": 1,
                                                       "primary": ["999999998"]}), 404)
    assert "999999998" in body["message"]
    assert ok(server, "/jobs", limit=500) == jobs_before
    error(httpx.get(server.api + "/jobs/" + "0" * 32), 404)
    error(httpx.get(server.api + "/jobs/../../etc"), 404)
    error(httpx.get(server.api + "/jobs/not-a-job"), 422, "job_id")


def test_dashboard_files_by_name_only(server):
    assert "<title>Aspan</title>" in httpx.get(server.base + "/").text
    for page in ("catalog", "passes", "conjunctions", "moon", "telescope", "launch"):
        reply = httpx.get(f"{server.base}/ui/{page}.html")
        assert reply.status_code == 200 and "/ui/common.js" in reply.text
    assert httpx.get(server.base + "/ui/common.js").headers["content-type"].startswith(
        "text/javascript")
    for probe in ("../app.py", "..%2Fapp.py", "/etc/passwd", "%2e%2e/settings.py"):
        assert httpx.get(f"{server.base}/ui/{probe}").status_code == 404
    # no CORS: a cross-origin request gets no Access-Control-Allow-Origin
    reply = httpx.get(server.api + "/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in reply.headers


def test_writing_refused_without_a_server_token(tmp_path, catalog_bytes):
    srv = Server(tmp_path / "aspan.db", token=None).start()
    try:
        body = error(httpx.post(srv.api + "/catalog/import", content=catalog_bytes,
                                headers=auth()), 403)
        assert "ASPAN_API_TOKEN" in body["message"]
        error(httpx.post(srv.api + "/jobs/passes", headers=auth(),
                         json={"station": ["baikonur"], "start": NEAR_EPOCH, "hours": 1}), 403)
        # reading works; an empty store says how to fill it
        body = error(get(srv, "/passes", **PASSES), 404)
        assert "import" in body["message"]
        assert ok(srv, "/catalog") == []
    finally:
        srv.stop()


# -- observing -----------------------------------------------------------------------------

PLAN_CSV = ("name,ra_deg,dec_deg,priority,exposure_s\nM31,10.685,41.269,3,900\n"
            "M42,83.822,-5.391,2,600\nPleiades,56.75,24.117,1,300\n")


def test_observing_routes_as_cli(server, capsys, tmp_path):
    assert ok(server, "/observe/telescopes") == cli_json(capsys, "observe", "telescopes")
    depth = ok(server, "/observe/depth", telescope="azt-20", exposure_s=600)
    assert depth == cli_json(capsys, "observe", "depth", "--telescope", "azt-20",
                             "--exposure-s", "600")
    snr = ok(server, "/observe/snr", telescope="lunar-0.5m", magnitude=20, exposure_s=300)
    assert snr == cli_json(capsys, "observe", "snr", "--telescope", "lunar-0.5m",
                           "--magnitude", "20", "--exposure-s", "300")
    compared = ok(server, "/observe/compare", telescope=["lunar-0.5m", "azt-20"],
                  target=["M31=10.685,41.269", "LMC=80.894,-69.756"])
    assert compared == cli_json(capsys, "observe", "compare", "--telescope", "lunar-0.5m",
                                "--telescope", "azt-20", "--target", "M31=10.685,41.269",
                                "--target", "LMC=80.894,-69.756")
    body = {"telescope": "azt-20", "targets_csv": PLAN_CSV, "start": "2026-12-01T12:00:00Z",
            "stop": "2026-12-02T02:00:00Z"}
    error(httpx.post(server.api + "/jobs/plan", json=body), 401)
    job = wait_job(server, httpx.post(server.api + "/jobs/plan", json=body,
                                      headers=auth()).json()["id"])
    assert job["status"] == "done", job
    result = httpx.get(f"{server.api}/jobs/{job['id']}/result").json()["result"]
    (tmp_path / "t.csv").write_text(PLAN_CSV)
    assert result == cli_json(capsys, "observe", "plan", "--telescope", "azt-20", "--targets",
                              str(tmp_path / "t.csv"), "--start", body["start"], "--stop",
                              body["stop"])
    assert result["n_blocks"] >= 3


def test_observing_bad_parameters(server):
    error(get(server, "/observe/depth", telescope="hubble", exposure_s=60), 404)
    error(get(server, "/observe/depth", telescope="azt-20", exposure_s=0), 422, "exposure_s")
    error(get(server, "/observe/depth", telescope="azt-20", exposure_s=60, system="ST"), 422,
          "system")
    error(get(server, "/observe/snr", telescope="azt-20", exposure_s=60), 422, "magnitude")
    error(get(server, "/observe/compare", telescope="azt-20", target="M31"), 422, "target")
    error(get(server, "/observe/compare", telescope=["azt-20", "lut"], site="assy-turgen",
              target="M31=10.685,41.269"), 422, "site")
    url = server.api + "/jobs/plan"
    body = {"telescope": "azt-20", "targets_csv": PLAN_CSV, "start": "2026-12-01T12:00:00Z",
            "stop": "2026-12-02T02:00:00Z"}
    error(httpx.post(url, json={**body, "targets_csv": "ra,dec\n1,2\n"}, headers=auth()), 422)
    error(httpx.post(url, json={**body, "stop": "2027-12-01T00:00:00Z"}, headers=auth()), 422,
          "stop")
    error(httpx.post(url, json={**body, "horizon": "/etc/passwd"}, headers=auth()), 422,
          "horizon")
    error(httpx.post(url, json={**body, "telescope": "hubble"}, headers=auth()), 404)
