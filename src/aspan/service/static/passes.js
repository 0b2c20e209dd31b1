"use strict";
nav("passes");
const $ = (id) => document.getElementById(id);
let passes = [], tracks = [], selected = null, windowStart = 0, windowStop = 0, loadedAt = 0;
const colour = (el) => el >= 60 ? "#7fd18b" : el >= 30 ? "#8fb4ff" : "#ffcc66";

async function init() {
  const sites = await api("/sites");
  for (const site of sites) h("option", { value: site.key }, $("station"), `${site.name} (${site.kind})`);
  const params = new URLSearchParams(location.search);
  $("station").value = params.get("station") || "almaty-kaznu";
  $("start").value = params.get("start") ? params.get("start").slice(0, 16) : isoMinute(Date.now());
  $("station").addEventListener("change", load);
  $("show").addEventListener("click", load);
  await load();
  setInterval(tick, 1000);
}

function request() {
  return { station: $("station").value, start: toIso($("start").value), hours: $("hours").value,
           min_elevation_deg: $("minel").value, norad: $("norad").value.replace(/\s+/g, "") };
}

async function load() {
  showError(null);
  const q = request();
  setStatus("computing…");
  windowStart = ms(q.start); windowStop = windowStart + q.hours * 3600e3; loadedAt = Date.now();
  ageBanner(windowStart, (iso) => { $("start").value = iso.slice(0, 16); load(); });
  history.replaceState(null, "", `?station=${q.station}&start=${q.start}`);
  try {
    [passes, tracks] = await Promise.all([api("/passes", q), api("/passes/tracks", { ...q, points: 48 })]);
    $("station-name").textContent = `${$("station").selectedOptions[0].textContent} · ${q.start.slice(0, 16)} UTC + ${q.hours} h`;
    setStatus(`${passes.length} passes`);
    selected = passes.find((p) => ms(p.rise_utc) >= clock()) || passes[0] || null;
    drawTimeline(); drawTable(); drawPolar(); tick();
  } catch (e) { showError(e); setStatus(""); passes = []; tracks = []; drawTimeline(); drawPolar(); }
}

function drawTimeline() {
  const names = [...new Map(passes.map((p) => [p.norad_id, p.name])).entries()];
  const rowH = 26, top = 10, left = 170, right = 1180;
  const svg = svgRoot($("timeline"), 1200, top + Math.max(1, names.length) * rowH + 30);
  const bottom = top + Math.max(1, names.length) * rowH;
  const x = timeAxis(svg, windowStart, windowStop, left, right, bottom, bottom - top);
  names.forEach(([id, name], i) => {
    s("text", { x: left - 8, y: top + i * rowH + 17, "text-anchor": "end" }, svg, `${name} ${id}`);
    s("line", { x1: left, x2: right, y1: top + (i + 1) * rowH, y2: top + (i + 1) * rowH, class: "grid-line" }, svg);
  });
  for (const p of passes) {
    const i = names.findIndex(([id]) => id === p.norad_id);
    const a = x(ms(p.rise_utc) || windowStart), b = x(ms(p.set_utc) || windowStop);
    const bar = s("rect", { x: a, y: top + i * rowH + 5, width: Math.max(3, b - a), height: rowH - 10, rx: 2,
      fill: colour(p.max_elevation_deg), stroke: p === selected ? "#fff" : "none", "stroke-width": 2,
      class: "pass-bar" }, svg);
    s("title", {}, bar, `${p.name}: ${dayTime(p.rise_utc)} – ${dayTime(p.set_utc)}, max ${fmt(p.max_elevation_deg, 1)}°`);
    bar.addEventListener("click", () => { selected = p; drawTimeline(); drawPolar(); drawTable(); });
  }
  const now = clock();
  if (now >= windowStart && now <= windowStop) {
    s("line", { x1: x(now), x2: x(now), y1: top, y2: bottom, stroke: "#ff7b7b", "stroke-width": 1.5 }, svg);
  }
  if (!passes.length) s("text", { x: 600, y: top + 18, "text-anchor": "middle" }, svg, "no passes in this window");
}

function drawPolar() {
  const svg = svgRoot($("polar"), 420, 420), c = 210, R = 180;
  const r = (el) => (90 - Math.max(el, 0)) / 90 * R;
  for (const el of [0, 30, 60]) {
    s("circle", { cx: c, cy: c, r: r(el), class: el ? "grid-line" : "axis" }, svg);
    s("text", { x: c + 3, y: c - r(el) + 12 }, svg, `${el}°`);
  }
  for (const [az, label] of [[0, "N"], [90, "E"], [180, "S"], [270, "W"]]) {
    const t = az * Math.PI / 180;
    s("line", { x1: c, y1: c, x2: c + R * Math.sin(t), y2: c - R * Math.cos(t), class: "grid-line" }, svg);
    s("text", { x: c + (R + 14) * Math.sin(t), y: c - (R + 14) * Math.cos(t) + 4, "text-anchor": "middle" }, svg, label);
  }
  for (const tr of tracks) {
    const isSel = selected && tr.norad_id === selected.norad_id && tr.rise_utc === selected.rise_utc;
    const pts = tr.azimuth_deg.map((az, k) => {
      const t = az * Math.PI / 180, rr = r(tr.elevation_deg[k]);
      return `${(c + rr * Math.sin(t)).toFixed(1)},${(c - rr * Math.cos(t)).toFixed(1)}`;
    });
    s("polyline", { points: pts.join(" "), fill: "none", stroke: isSel ? "#ffffff" : colour(tr.max_elevation_deg),
      "stroke-width": isSel ? 3 : 1, opacity: isSel ? 1 : 0.45, class: isSel ? "track selected" : "track" }, svg);
    if (isSel) {
      const [x0, y0] = pts[0].split(",");
      s("circle", { cx: x0, cy: y0, r: 4, fill: "#7fd18b" }, svg);
      s("text", { x: 10, y: 412 }, svg, `${tr.name}: rise ${dayTime(tr.rise_utc)} (dot), max ${fmt(tr.max_elevation_deg, 1)}°`);
    }
  }
}

function drawTable() {
  const table = sortableTable($("table"), [
    { key: "name", label: "satellite" },
    { key: "rise_utc", label: "rise", format: dayTime },
    { key: "set_utc", label: "set", format: dayTime },
    { key: "max_elevation_deg", label: "max el °", num: true, digits: 1 },
    { key: "rise_azimuth_deg", label: "az rise", num: true, digits: 0 },
    { key: "set_azimuth_deg", label: "az set", num: true, digits: 0 }], passes,
    (p) => { selected = p; drawTimeline(); drawPolar(); });
  if (selected) table.pick(selected);
}

// The clock: real time when it falls inside the window, else the window start running on.
function clock() {
  const now = Date.now();
  if (now >= windowStart && now <= windowStop) return now;
  return windowStart + (now - loadedAt);
}

function tick() {
  const now = clock();
  const next = passes.filter((p) => p.rise_utc && ms(p.rise_utc) > now)
    .sort((a, b) => ms(a.rise_utc) - ms(b.rise_utc))[0];
  const current = passes.find((p) => ms(p.rise_utc) <= now && now <= ms(p.set_utc));
  if (current) {
    $("countdown").textContent = "in pass " + duration((ms(current.set_utc) - now) / 1000);
    $("next").textContent = `${current.name} is up now (sets ${dayTime(current.set_utc)} UTC)`;
  } else if (next) {
    $("countdown").textContent = duration((ms(next.rise_utc) - now) / 1000);
    $("next").textContent = `${next.name} rises at ${dayTime(next.rise_utc)} UTC, azimuth ${fmt(next.rise_azimuth_deg, 0)}°, ` +
      `max ${fmt(next.max_elevation_deg, 1)}°` + (Date.now() < windowStart || Date.now() > windowStop ?
      " (clock runs from the window start: the window is not now)" : "");
  } else {
    $("countdown").textContent = "—";
    $("next").textContent = "no further pass in this window";
  }
}

init().catch(showError);
