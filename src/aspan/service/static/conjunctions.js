"use strict";
nav("conjunctions");
const $ = (id) => document.getElementById(id);
tokenInput($("controls"));
let events = [], threshold = 5;

async function listJobs(pick) {
  const jobs = (await api("/jobs", { limit: 50 })).filter((j) => j.kind === "conjunctions" && j.status === "done");
  const sel = $("jobs");
  sel.replaceChildren(h("option", { value: "" }, null, "—"));
  for (const j of jobs) {
    const p = j.params;
    h("option", { value: j.id }, sel, `${p.start.slice(0, 16)} +${p.hours ?? p.days * 24} h, < ${p.threshold_km} km` +
      (p.primary ? `, ${p.primary.join(",").slice(0, 24)}` : ", all vs all"));
  }
  if (pick) sel.value = pick;
  else if (jobs.length && !events.length) { sel.value = jobs[0].id; await showJob(jobs[0].id); }
}

async function showJob(id) {
  if (!id) return;
  showError(null);
  try {
    const job = await api(`/jobs/${id}/result`);
    events = job.result || [];
    threshold = job.params.threshold_km;
    setStatus(`${events.length} approaches under ${threshold} km (${job.params.start.slice(0, 16)} UTC + ${job.params.hours ?? job.params.days * 24} h)`);
    ageBanner(ms(job.params.start), (iso) => { $("start").value = iso.slice(0, 11) + "00:00"; });
    drawTable();
  } catch (e) { showError(e); }
}

function drawTable() {
  sortableTable($("table"), [
    { key: "primary", label: "primary", num: true, digits: 0 },
    { key: "secondary", label: "secondary", num: true, digits: 0 },
    { key: "tca_utc", label: "TCA (UTC)", format: dayTime },
    { key: "miss_km", label: "miss km", num: true, digits: 3 },
    { key: "relative_speed_km_s", label: "km/s", num: true, digits: 2 },
    { key: "radial_km", label: "R km", num: true, digits: 3 },
    { key: "in_track_km", label: "I km", num: true, digits: 3 },
    { key: "cross_track_km", label: "C km", num: true, digits: 3 },
    { key: "probability", label: "Pc", num: true, format: (v) => v ? v.toExponential(1) : "0" },
    { key: "primary_age_days", label: "age p d", num: true, digits: 1 }], events, geometry);
}

async function geometry(ev) {
  $("pair").textContent = `${ev.primary} × ${ev.secondary} at ${ev.tca_utc.slice(0, 23)}`;
  // near: the relative motion spans a few miss distances; wide: the approach over +-30 s
  const near = Math.min(30, Math.max(0.05, 3 * ev.miss_km / Math.max(ev.relative_speed_km_s, 0.01)));
  try {
    const args = { primary: ev.primary, secondary: ev.secondary, tca_utc: ev.tca_utc };
    const [g, wide] = await Promise.all([
      api("/conjunctions/encounter", { ...args, half_width_s: near, n: 121 }),
      api("/conjunctions/encounter", { ...args, half_width_s: 30, n: 121 })]);
    drawGeometry(g, wide, ev);
  } catch (e) { showError(e); }
}

function drawGeometry(g, wide, ev) {
  const box = $("geometry");
  box.replaceChildren();
  const svg = s("svg", { viewBox: "0 0 620 300" }, box);
  // left: in-track (x) against cross-track (y), km, equal scales, the primary at the origin
  const L = { x0: 40, y0: 20, w: 250, h: 250 };
  const ext = Math.max(0.01, ...g.in_track_km.map(Math.abs), ...g.cross_track_km.map(Math.abs)) * 1.1;
  const px = (v) => L.x0 + L.w / 2 + v / ext * L.w / 2, py = (v) => L.y0 + L.h / 2 - v / ext * L.h / 2;
  s("rect", { x: L.x0, y: L.y0, width: L.w, height: L.h, class: "axis" }, svg);
  s("line", { x1: px(0), x2: px(0), y1: L.y0, y2: L.y0 + L.h, class: "grid-line" }, svg);
  s("line", { x1: L.x0, x2: L.x0 + L.w, y1: py(0), y2: py(0), class: "grid-line" }, svg);
  s("polyline", { points: g.in_track_km.map((v, k) => `${px(v).toFixed(1)},${py(g.cross_track_km[k]).toFixed(1)}`).join(" "),
    fill: "none", stroke: "#8fb4ff", "stroke-width": 2, class: "relative-track" }, svg);
  const k = g.range_km.indexOf(Math.min(...g.range_km));
  s("line", { x1: px(0), y1: py(0), x2: px(g.in_track_km[k]), y2: py(g.cross_track_km[k]), stroke: "#ff7b7b", "stroke-dasharray": "3 2" }, svg);
  s("circle", { cx: px(g.in_track_km[k]), cy: py(g.cross_track_km[k]), r: 4, fill: "#ff7b7b" }, svg);
  s("circle", { cx: px(0), cy: py(0), r: 4, fill: "#ffd166" }, svg);
  s("text", { x: px(0) + 6, y: py(0) - 6, style: "fill:#ffd166" }, svg, String(g.primary));
  s("text", { x: L.x0 + L.w / 2, y: L.y0 + L.h + 16, "text-anchor": "middle" }, svg, `in-track (km), ±${ext.toFixed(2)}; ±${g.t_s[g.t_s.length - 1].toFixed(2)} s`);
  s("text", { x: 14, y: L.y0 + L.h / 2, transform: `rotate(-90 14 ${L.y0 + L.h / 2})`, "text-anchor": "middle" }, svg, "cross-track (km)");
  // right: range against time from TCA, with the threshold
  const R = { x0: 360, y0: 20, w: 240, h: 250 };
  const top = Math.max(...wide.range_km, threshold) * 1.05;
  const tx = (t) => R.x0 + (t - wide.t_s[0]) / (wide.t_s[wide.t_s.length - 1] - wide.t_s[0]) * R.w;
  const ty = (r) => R.y0 + R.h - r / top * R.h;
  s("rect", { x: R.x0, y: R.y0, width: R.w, height: R.h, class: "axis" }, svg);
  s("line", { x1: R.x0, x2: R.x0 + R.w, y1: ty(threshold), y2: ty(threshold), stroke: "#ffcc66", "stroke-dasharray": "4 3" }, svg);
  s("polyline", { points: wide.t_s.map((t, j) => `${tx(t).toFixed(1)},${ty(wide.range_km[j]).toFixed(1)}`).join(" "),
    fill: "none", stroke: "#e8ecf6", "stroke-width": 1.5 }, svg);
  s("text", { x: R.x0 + R.w / 2, y: R.y0 + R.h + 16, "text-anchor": "middle" }, svg, "seconds from TCA (±30 s)");
  s("text", { x: R.x0 + 4, y: ty(threshold) - 4 }, svg, `threshold ${threshold} km`);
  s("text", { x: R.x0 + 4, y: R.y0 + 12 }, svg, `range (km), max ${top.toFixed(1)}`);
  h("p", {}, box, `miss ${fmt(ev.miss_km, 3)} km at ${fmt(ev.relative_speed_km_s, 2)} km/s; RIC ${fmt(ev.radial_km, 3)}, ` +
    `${fmt(ev.in_track_km, 3)}, ${fmt(ev.cross_track_km, 3)} km; Pc ${ev.probability.toExponential(2)}`);
}

async function submit() {
  showError(null);
  const primary = $("primary").value.replace(/\s+/g, "");
  const body = { start: toIso($("start").value), hours: Number($("hours").value),
                 threshold_km: Number($("threshold").value), primary: primary ? [primary] : null };
  try {
    let job = await apiWrite("/jobs/conjunctions", null, JSON.stringify(body), "application/json");
    $("progress").hidden = false;
    while (["queued", "running"].includes(job.status)) {
      setStatus(`job ${job.id.slice(0, 8)}: ${job.status} ${(job.progress * 100).toFixed(0)}%`);
      $("progress").value = job.progress;
      await new Promise((r) => setTimeout(r, 700));
      job = await api(`/jobs/${job.id}`);
    }
    $("progress").hidden = true;
    if (job.status !== "done") { showError(`job ${job.status}: ${job.message}`); return; }
    await listJobs(job.id);
    await showJob(job.id);
  } catch (e) { showError(e); $("progress").hidden = true; }
}

async function init() {
  const sum = await catalogSummary();
  const near = sum.epoch_median_utc ? ms(sum.epoch_median_utc) : Date.now();
  $("start").value = isoMinute(Math.floor(near / 3600e3) * 3600e3);
  $("submit").addEventListener("click", submit);
  $("jobs").addEventListener("change", () => showJob($("jobs").value));
  await listJobs();
}
init().catch(showError);
