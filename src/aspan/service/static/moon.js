"use strict";
nav("moon");
const $ = (id) => document.getElementById(id);
const SUN = { full: "#ffd166", partial: "#a88a3d", dark: "#2a2f45" };
const EARTH = { full: "#5ec8ff", partial: "#2d6f8f", hidden: "#2a2f45" };

async function init() {
  const [sites, stations, limits] = await Promise.all([api("/moon/sites"), api("/sites"), api("/limits")]);
  for (const site of sites) h("option", { value: site.key }, $("site"), site.name);
  for (const st of stations) h("option", { value: st.key }, $("station"), st.name);
  if (limits.horizon_table) {
    h("option", { value: "table" }, $("horizon"), "terrain (LOLA table)");
    $("horizon").value = "table";
  }
  const params = new URLSearchParams(location.search);
  $("site").value = params.get("site") || "connecting-ridge";
  $("station").value = params.get("station") || "almaty-kaznu";
  for (const id of ["site", "mast", "horizon", "station"]) $(id).addEventListener("change", load);
  $("show").addEventListener("click", load);
  await load();
}

function request() {
  const start = $("start").value + "T00:00:00Z";
  const stop = new Date(ms(start) + $("days").value * 86400e3).toISOString().slice(0, 19) + "Z";
  return { site: $("site").value, mast_m: $("mast").value, horizon: $("horizon").value, start, stop };
}

async function load() {
  showError(null);
  const q = request();
  const span = (ms(q.stop) - ms(q.start)) / 1000;
  const skyStep = Math.max(600, Math.ceil(span / 1500));
  setStatus("computing…");
  history.replaceState(null, "", `?site=${q.site}&station=${$("station").value}`);
  try {
    const [horizon, sun, earth, light, inView, links] = await Promise.all([
      api("/moon/horizon", { site: q.site, mast_m: q.mast_m, horizon: q.horizon }),
      api("/moon/sky", { ...q, body: "sun", step_s: skyStep }),
      api("/moon/sky", { ...q, body: "earth", step_s: skyStep }),
      api("/moon/light", { ...q, step_s: 600 }),
      api("/moon/earth", { ...q, step_s: 600 }),
      api("/moon/link", { ...q, station: $("station").value, step_s: 600 })]);
    drawSky(horizon, sun, earth);
    drawTimeline(q, light, inView, links[0]);
    drawLinks(links[0]);
    setStatus(`${horizon.site.name}: ${fmt(horizon.site.lat_deg, 3)}°, ${fmt(horizon.site.lon_deg, 3)}°, ${fmt(horizon.site.height_m, 0)} m` +
      ` (mast ${q.mast_m} m, horizon ${q.horizon})`);
  } catch (e) { showError(e); setStatus(""); }
}

function drawSky(horizon, sun, earth) {
  const W = 1200, H = 300, x0 = 50, x1 = 1180, y0 = 15, y1 = 260;
  const alts = [...sun, ...earth].map((r) => r.altitude_deg);
  const top = Math.max(10, Math.ceil(Math.max(...alts, ...horizon.elevation_deg, 0) / 2) * 2 + 2);
  const bottom = Math.min(-4, Math.floor(Math.min(...alts) / 2) * 2 - 1);
  const svg = svgRoot($("sky"), W, H);
  const x = (az) => x0 + az / 360 * (x1 - x0), y = (alt) => y1 - (alt - bottom) / (top - bottom) * (y1 - y0);
  for (let az = 0; az <= 360; az += 45) {
    s("line", { x1: x(az), x2: x(az), y1: y0, y2: y1, class: "grid-line" }, svg);
    s("text", { x: x(az), y: y1 + 14, "text-anchor": "middle" }, svg, ["N", "NE", "E", "SE", "S", "SW", "W", "NW", "N"][az / 45]);
  }
  for (let alt = Math.ceil(bottom / 2) * 2; alt <= top; alt += 2) {
    s("line", { x1: x0, x2: x1, y1: y(alt), y2: y(alt), class: alt === 0 ? "axis" : "grid-line" }, svg);
    s("text", { x: x0 - 6, y: y(alt) + 4, "text-anchor": "end" }, svg, `${alt}°`);
  }
  // terrain: the mask from azimuth 0 to 360 (flat: the 0 degree line)
  const az = horizon.azimuth_deg.length ? horizon.azimuth_deg : [0, 360];
  const el = horizon.elevation_deg.length ? horizon.elevation_deg : [0, 0];
  const order = az.map((a, i) => [a, el[i]]).sort((a, b) => a[0] - b[0]);
  if (order[order.length - 1][0] < 360) order.push([360, order[0][1]]);
  if (order[0][0] > 0) order.unshift([0, order[order.length - 1][1]]);
  const ground = order.map(([a, e]) => `${x(a).toFixed(1)},${y(e).toFixed(1)}`);
  s("polygon", { points: [`${x(0)},${y1}`, ...ground, `${x(360)},${y1}`].join(" "), fill: "#4a3b2a", opacity: 0.85, class: "terrain" }, svg);
  const track = (rows, colour, cls) => {
    let part = [];
    const flush = () => { if (part.length > 1) s("polyline", { points: part.join(" "), fill: "none", stroke: colour, "stroke-width": 2, class: cls }, svg); part = []; };
    let last = null;
    for (const r of rows) {
      if (last !== null && Math.abs(r.azimuth_deg - last) > 180) flush();
      part.push(`${x(r.azimuth_deg).toFixed(1)},${y(r.altitude_deg).toFixed(1)}`);
      last = r.azimuth_deg;
    }
    flush();
  };
  track(sun, "#ffd166", "sun-track");
  track(earth, "#5ec8ff", "earth-track");
  s("text", { x: x1, y: y0 + 10, "text-anchor": "end" }, svg, "altitude (deg) against azimuth; apparent positions");
}

function drawTimeline(q, light, inView, link) {
  const W = 1200, left = 120, right = 1180, rowH = 30, t0 = ms(q.start), t1 = ms(q.stop);
  const svg = svgRoot($("timeline"), W, 3 * rowH + 40);
  const x = timeAxis(svg, t0, t1, left, right, 3 * rowH + 10, 3 * rowH);
  const bars = (row, label, intervals, colours, stateOf) => {
    s("text", { x: left - 8, y: 10 + row * rowH + 19, "text-anchor": "end" }, svg, label);
    for (const iv of intervals) {
      const a = x(ms(iv.start_utc)), b = x(ms(iv.stop_utc));
      const rect = s("rect", { x: a, y: 10 + row * rowH + 4, width: Math.max(1, b - a), height: rowH - 8,
        fill: colours[stateOf(iv)], class: `bar-${row}` }, svg);
      s("title", {}, rect, `${stateOf(iv)} ${iv.start_utc} – ${iv.stop_utc}`);
    }
  };
  bars(0, "Sunlight", light.intervals, SUN, (iv) => iv.state);
  bars(1, "Earth in view", inView.intervals, EARTH, (iv) => iv.state);
  bars(2, "Link home", link.intervals, { linked: "#7fd18b" }, () => "linked");
  $("fractions").textContent = `sunlit ${(light.sunlit_fraction * 100).toFixed(1)}% (longest dark ${fmt(light.longest_dark_hours, 1)} h) · ` +
    `Earth in view ${(inView.visible_fraction * 100).toFixed(1)}% (longest hidden ${fmt(inView.longest_hidden_hours, 1)} h) · ` +
    `linked to ${link.station} ${(link.linked_fraction * 100).toFixed(1)}%`;
}

function drawLinks(link) {
  $("link-title").textContent = `${link.site} ↔ ${link.station}`;
  sortableTable($("links"), [
    { key: "start_utc", label: "start", format: dayTime },
    { key: "stop_utc", label: "stop", format: dayTime },
    { key: "duration_hours", label: "hours", num: true, digits: 2 },
    { key: "range_km_min", label: "range min km", num: true, digits: 0 },
    { key: "light_time_s_min", label: "light time s", num: true, digits: 3 }], link.intervals);
}

init().catch(showError);
