"use strict";
nav("telescope");
const $ = (id) => document.getElementById(id);
tokenInput($("plan-controls"));
const COLOURS = ["#ffd166", "#8fb4ff", "#7fd18b", "#ff7b7b", "#c59bff", "#5ec8ff"];
let scopes = [];

function chosen() {
  return scopes.filter((t) => $(`scope-${t.key}`).checked);
}

async function init() {
  scopes = await api("/observe/telescopes");
  for (const t of scopes) {
    const label = h("label", { style: "flex-direction:row;gap:.3rem;align-items:center" }, $("scopes"));
    h("input", { type: "checkbox", id: `scope-${t.key}`, checked: "" }, label);
    label.append(`${t.key} (${t.kind}, ${t.aperture_m} m)`);
    h("option", { value: t.key }, $("plan-scope"), `${t.name} at ${t.site}`);
  }
  $("plan-scope").value = scopes.some((t) => t.key === "azt-20") ? "azt-20" : scopes[0].key;
  $("depth").addEventListener("click", depth);
  $("compare").addEventListener("click", compare);
  $("plan").addEventListener("click", plan);
  $("plans").addEventListener("change", () => showPlan($("plans").value));
  await Promise.all([depth(), compare(), listPlans()]);
}

async function depth() {
  showError(null);
  const exposures = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 36000];
  try {
    const curves = await Promise.all(chosen().map((t) => Promise.all(exposures.map((e) =>
      api("/observe/depth", { telescope: t.key, exposure_s: e, snr: $("snr").value, system: $("system").value })))));
    drawDepth(chosen(), exposures, curves);
  } catch (e) { showError(e); }
}

function drawDepth(list, exposures, curves) {
  const W = 620, H = 300 + 16 * list.length, x0 = 50, x1 = 600, y0 = 15, y1 = 260;
  const svg = svgRoot($("depth-chart"), W, H);
  const mags = curves.flat().map((r) => r.limiting_magnitude);
  const lo = Math.floor(Math.min(...mags)), hi = Math.ceil(Math.max(...mags));
  const lx = (e) => x0 + Math.log10(e / exposures[0]) / Math.log10(exposures[exposures.length - 1] / exposures[0]) * (x1 - x0);
  const y = (m) => y1 - (m - lo) / Math.max(1, hi - lo) * (y1 - y0);
  for (const [e, label] of [[10, "10 s"], [60, "1 min"], [600, "10 min"], [3600, "1 h"], [36000, "10 h"]]) {
    s("line", { x1: lx(e), x2: lx(e), y1: y0, y2: y1, class: "grid-line" }, svg);
    s("text", { x: lx(e), y: y1 + 14, "text-anchor": "middle" }, svg, label);
  }
  for (let m = lo; m <= hi; m++) {
    s("line", { x1: x0, x2: x1, y1: y(m), y2: y(m), class: "grid-line" }, svg);
    s("text", { x: x0 - 6, y: y(m) + 4, "text-anchor": "end" }, svg, String(m));
  }
  list.forEach((t, i) => {
    const pts = curves[i].map((r, k) => `${lx(exposures[k]).toFixed(1)},${y(r.limiting_magnitude).toFixed(1)}`);
    s("polyline", { points: pts.join(" "), fill: "none", stroke: COLOURS[i % COLOURS.length], "stroke-width": 2, class: "depth-curve" }, svg);
    s("text", { x: x0, y: y1 + 48 + i * 16, style: `fill:${COLOURS[i % COLOURS.length]}` }, svg,
      `${t.key} at ${curves[i][0].site}: sky ${curves[i][0].sky_mag_arcsec2.toFixed(2)} mag/arcsec², 1 h → ${curves[i][8].limiting_magnitude.toFixed(2)}`);
  });
  s("text", { x: (x0 + x1) / 2, y: y1 + 28, "text-anchor": "middle" }, svg, `limiting magnitude (${$("system").value}) at SNR ${$("snr").value} against total exposure`);
}

async function compare() {
  showError(null);
  const targets = $("targets").value.split("\n").map((x) => x.trim()).filter(Boolean);
  setStatus("computing a year of observability…");
  try {
    const x = await api("/observe/compare", { telescope: chosen().map((t) => t.key), target: targets,
                                                year: $("year").value, snr: $("snr").value, system: $("system").value });
    const rows = targets.map((line) => {
      const name = line.split("=")[0].trim();
      const row = { target: name, winner: x.winners[name].winner || "none" };
      for (const t of x.telescopes) {
        const found = t.targets.find((r) => r.target === name);
        row[`${t.telescope} h`] = found.observable_hours_per_year;
        row[`${t.telescope} mag`] = found.year_depth;
      }
      return row;
    });
    const columns = [{ key: "target", label: "target" }];
    for (const t of x.telescopes) columns.push({ key: `${t.telescope} h`, label: `${t.telescope} h/yr`, num: true, digits: 0 });
    for (const t of x.telescopes) columns.push({ key: `${t.telescope} mag`, label: `${t.telescope} depth`, num: true, digits: 2 });
    columns.push({ key: "winner", label: "deeper" });
    sortableTable($("compare-table"), columns, rows);
    setStatus("depth per hour: " + x.telescopes.map((t) => `${t.telescope} ${t.depth_per_hour.toFixed(2)}`).join(", "));
  } catch (e) { showError(e); setStatus(""); }
}

async function listPlans(pick) {
  const jobs = (await api("/jobs", { limit: 50 })).filter((j) => j.kind === "plan" && j.status === "done");
  $("plans").replaceChildren(h("option", { value: "" }, null, "—"));
  for (const j of jobs) h("option", { value: j.id }, $("plans"), `${j.params.telescope} ${j.params.start.slice(0, 16)}`);
  if (pick) $("plans").value = pick;
  else if (jobs.length) { $("plans").value = jobs[0].id; await showPlan(jobs[0].id); }
}

async function plan() {
  showError(null);
  const body = { telescope: $("plan-scope").value, targets_csv: $("plan-targets").value,
                 start: toIso($("plan-start").value), stop: toIso($("plan-stop").value) };
  try {
    let job = await apiWrite("/jobs/plan", null, JSON.stringify(body), "application/json");
    $("progress").hidden = false;
    while (["queued", "running"].includes(job.status)) {
      $("plan-status").textContent = `job ${job.id.slice(0, 8)}: ${job.status}`;
      await new Promise((r) => setTimeout(r, 500));
      job = await api(`/jobs/${job.id}`);
    }
    $("progress").hidden = true;
    if (job.status !== "done") { showError(`plan ${job.status}: ${job.message}`); return; }
    await listPlans(job.id);
    await showPlan(job.id);
  } catch (e) { showError(e); $("progress").hidden = true; }
}

async function showPlan(id) {
  if (!id) return;
  const job = await api(`/jobs/${id}/result`);
  drawGantt(job.result);
}

function drawGantt(p) {
  const names = [...new Set(p.blocks.map((b) => b.target)), ...p.unscheduled.map((u) => u.target)]
    .filter((v, i, a) => a.indexOf(v) === i);
  const rowH = 26, top = 10, left = 140, right = 1180;
  const svg = svgRoot($("gantt"), 1200, top + Math.max(1, names.length) * rowH + 30);
  const bottom = top + Math.max(1, names.length) * rowH;
  const x = timeAxis(svg, ms(p.start_utc), ms(p.stop_utc), left, right, bottom, bottom - top);
  names.forEach((n, i) => s("text", { x: left - 8, y: top + i * rowH + 17, "text-anchor": "end" }, svg, n));
  for (const b of p.blocks) {
    const i = names.indexOf(b.target), colour = COLOURS[i % COLOURS.length];
    if (b.slew_s > 0) s("rect", { x: x(ms(b.slew_start_utc)), y: top + i * rowH + 9, width: Math.max(1, x(ms(b.start_utc)) - x(ms(b.slew_start_utc))), height: rowH - 18, fill: colour, opacity: 0.35 }, svg);
    const r = s("rect", { x: x(ms(b.start_utc)), y: top + i * rowH + 4, width: Math.max(2, x(ms(b.stop_utc)) - x(ms(b.start_utc))), height: rowH - 8, rx: 2, fill: colour, class: "block" }, svg);
    s("title", {}, r, `${b.target} visit ${b.visit}: ${dayTime(b.start_utc)} – ${dayTime(b.stop_utc)}, ${b.exposure_s} s, alt ${fmt(b.altitude_deg_mid, 1)}°`);
  }
  $("plan-status").textContent = `${p.telescope} at ${p.site}: ${p.n_blocks} blocks, ${(p.exposure_s_total / 3600).toFixed(2)} h of exposure ` +
    `(priority-weighted ${(p.weighted_exposure_s / 3600).toFixed(2)} h)`;
  $("unscheduled").textContent = p.unscheduled.length ? "Not (fully) scheduled: " +
    p.unscheduled.map((u) => `${u.target}: ${u.reason}`).join("; ") : "Every target scheduled.";
}

init().catch(showError);
