"use strict";
nav("launch");
const $ = (id) => document.getElementById(id);
let pads = [], comparison = [];

async function init() {
  pads = await api("/spaceports");
  for (const p of pads) h("option", { value: p.key }, $("pad"), p.name);
  const params = new URLSearchParams(location.search);
  $("pad").value = params.get("pad") || "baikonur-31-6";
  const sum = await catalogSummary();
  $("date").value = (params.get("date") || sum.epoch_median_utc || new Date().toISOString()).slice(0, 10);
  $("compare").addEventListener("click", compare);
  $("windows").addEventListener("click", windows);
  $("pad").addEventListener("change", windows);
  await Promise.all([compare(), windows()]);
}

async function compare() {
  showError(null);
  const kind = $("orbit").value;
  const q = kind === "geo" ? { geo: true } : kind === "sso" ?
    { sso_altitude_km: $("altitude").value, ltan: $("ltan").value } :
    { altitude_km: $("altitude").value, inclination_deg: $("inclination").value };
  try {
    comparison = await api("/launch/compare", q);
    const byKey = Object.fromEntries(pads.map((p) => [p.key, p]));
    const rows = comparison.map((r) => ({ ...r, name: (byKey[r.site] || {}).name || r.site,
      lat: (byKey[r.site] || {}).lat_deg,
      az: r.azimuth_deg.map((a) => `${a.direction[0].toUpperCase()}${a.rotating_deg.toFixed(1)}${a.within_corridor ? "" : "✗"}`).join(" ") }));
    sortableTable($("compare-table"), [
      { key: "name", label: "pad" },
      { key: "lat", label: "lat °", num: true, digits: 2 },
      { key: "feasible", label: "feasible", format: (v) => v ? "yes" : "no" },
      { key: "az", label: "azimuths (ground °)" },
      { key: "rotation_gain_km_s", label: "gain km/s", num: true, digits: 3 },
      { key: "penalty_dv_km_s", label: "penalty km/s", num: true, digits: 3 },
      { key: "notes", label: "notes", format: (v) => v.length > 60 ? v.slice(0, 57) + "…" : v }], rows,
      (row) => { $("pad").value = row.site; windows(); });
    drawMap();
  } catch (e) { showError(e); }
}

// The point `dist_km` from (lat, lon) along `az_deg` on a sphere (deg).
function destination(lat, lon, az, distKm) {
  const d = distKm / 6371, r = Math.PI / 180, p1 = lat * r, l1 = lon * r, t = az * r;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t));
  const l2 = l1 + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [p2 / r, ((l2 / r + 540) % 360) - 180];
}

function drawMap() {
  const lats = pads.map((p) => p.lat_deg), lons = pads.map((p) => p.lon_deg);
  const lat0 = Math.max(-80, Math.min(...lats) - 18), lat1 = Math.min(80, Math.max(...lats) + 18);
  const lon0 = Math.min(...lons) - 25, lon1 = Math.max(...lons) + 25;
  const W = 560, H = Math.round(W * (lat1 - lat0) / (lon1 - lon0) / Math.cos((lat0 + lat1) / 2 * Math.PI / 180));
  const svg = svgRoot($("map"), W + 40, H + 30);
  const x = (lon) => 30 + (lon - lon0) / (lon1 - lon0) * W, y = (lat) => 10 + (lat1 - lat) / (lat1 - lat0) * H;
  s("rect", { x: 30, y: 10, width: W, height: H, fill: "#0e1731", class: "axis" }, svg);
  for (let lat = Math.ceil(lat0 / 10) * 10; lat <= lat1; lat += 10) {
    s("line", { x1: 30, x2: 30 + W, y1: y(lat), y2: y(lat), class: "grid-line" }, svg);
    s("text", { x: 26, y: y(lat) + 4, "text-anchor": "end" }, svg, `${lat}°`);
  }
  const lonStep = lon1 - lon0 > 120 ? 30 : 10;
  for (let lon = Math.ceil(lon0 / lonStep) * lonStep; lon <= lon1; lon += lonStep) {
    s("line", { x1: x(lon), x2: x(lon), y1: 10, y2: 10 + H, class: "grid-line" }, svg);
    s("text", { x: x(lon), y: H + 24, "text-anchor": "middle" }, svg, `${lon}°`);
  }
  const feasible = Object.fromEntries(comparison.map((r) => [r.site, r.feasible]));
  for (const p of pads) {
    for (const [lo, hi] of p.corridors_deg) {
      const width = ((hi - lo) % 360 + 360) % 360 || 360;
      const pts = [[p.lat_deg, p.lon_deg]];
      for (let k = 0; k <= 24; k++) pts.push(destination(p.lat_deg, p.lon_deg, lo + width * k / 24, 1500));
      s("polygon", { points: pts.map(([la, lo2]) => `${x(lo2).toFixed(1)},${y(la).toFixed(1)}`).join(" "),
        fill: "#8fb4ff", opacity: 0.18, stroke: "#8fb4ff", "stroke-width": 0.8, class: "corridor" }, svg);
    }
  }
  const labelled = new Set();
  for (const p of pads) {
    const ok = feasible[p.key];
    s("circle", { cx: x(p.lon_deg), cy: y(p.lat_deg), r: 4, fill: ok === undefined ? "#e8ecf6" : ok ? "#7fd18b" : "#ff7b7b", class: "pad" }, svg);
    if (!labelled.has(p.spaceport)) {
      labelled.add(p.spaceport);
      s("text", { x: x(p.lon_deg) + 6, y: y(p.lat_deg) - 6, fill: "#e8ecf6", style: "fill:#e8ecf6" }, svg, p.spaceport);
    }
  }
}

async function windows() {
  showError(null);
  const site = $("pad").value, date = $("date").value, days = Number($("days").value);
  setStatus("computing…");
  history.replaceState(null, "", `?pad=${site}&date=${date}`);
  ageBanner(ms(date + "T00:00:00Z") + days * 43200e3, (iso) => { $("date").value = iso.slice(0, 10); windows(); }, 14);
  try {
    const [plane, moon] = await Promise.all([
      api("/launch/windows", { site, date, days, target_norad: $("target").value || null }),
      api("/launch/moon", { site, start: date, days })]);
    drawCalendar(date, days, plane, moon);
    setStatus(`${plane.length} plane windows, ${moon.length} trans-lunar windows from ${$("pad").selectedOptions[0].textContent}`);
  } catch (e) { showError(e); setStatus(""); }
}

function drawCalendar(date, days, plane, moon) {
  const t0 = ms(date + "T00:00:00Z"), cols = 7, cellW = 165, cellH = 96;
  const rows = Math.ceil(days / cols);
  const svg = svgRoot($("calendar"), cols * cellW + 10, rows * cellH + 10);
  const byDay = new Map();
  for (const w of plane) (byDay.get(Math.floor((ms(w.time_utc) - t0) / 86400e3)) || byDay.set(Math.floor((ms(w.time_utc) - t0) / 86400e3), []).get(Math.floor((ms(w.time_utc) - t0) / 86400e3))).push({ ...w, kind: w.node });
  for (const w of moon) { const d = Math.floor((ms(w.time_utc) - t0) / 86400e3); (byDay.get(d) || byDay.set(d, []).get(d)).push({ ...w, kind: "moon" }); }
  for (let d = 0; d < days; d++) {
    const cx = 5 + (d % cols) * cellW, cy = 5 + Math.floor(d / cols) * cellH;
    const list = (byDay.get(d) || []).sort((a, b) => ms(a.time_utc) - ms(b.time_utc));
    s("rect", { x: cx, y: cy, width: cellW - 4, height: cellH - 4, rx: 4, fill: list.length ? "#15224a" : "#101832", stroke: "#243052", class: "day" }, svg);
    s("text", { x: cx + 6, y: cy + 15, style: "fill:#e8ecf6;font-weight:600" }, svg, new Date(t0 + d * 86400e3).toISOString().slice(5, 10));
    list.slice(0, 4).forEach((w, k) => {
      const colour = w.kind === "moon" ? "#ffd166" : w.kind === "ascending" ? "#7fd18b" : "#8fb4ff";
      s("circle", { cx: cx + 10, cy: cy + 30 + k * 16, r: 4, fill: colour }, svg);
      s("text", { x: cx + 20, y: cy + 34 + k * 16, class: "window" }, svg,
        `${w.time_utc.slice(11, 16)} az ${Number(w.azimuth_deg).toFixed(1)}°` + (w.kind === "moon" ? ` TLI ${w.tli_dv_km_s.toFixed(3)}` : ""));
    });
    if (list.length > 4) s("text", { x: cx + cellW - 10, y: cy + 15, "text-anchor": "end" }, svg, `+${list.length - 4}`);
  }
}

init().catch(showError);
