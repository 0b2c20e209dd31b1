"use strict";
nav("catalog");
tokenInput(document.getElementById("import-controls"));

const ageClass = (d) => d <= 3 ? "#7fd18b" : d <= 14 ? "#ffcc66" : "#ff7b7b";

async function search() {
  showError(null);
  try {
    const rows = await api("/catalog", { name: document.getElementById("name").value || null,
                                         limit: document.getElementById("limit").value });
    setStatus(`${rows.length} objects (age: days from the epoch to now)`);
    sortableTable(document.getElementById("table"), [
      { key: "norad_id", label: "NORAD", num: true, digits: 0 },
      { key: "name", label: "name" },
      { key: "epoch", label: "epoch (UTC)", format: (v) => v.slice(0, 19) },
      { key: "age_days", label: "age (days)", num: true, digits: 2 }], rows, show);
  } catch (e) { showError(e); }
}

function histogram(rows) {
  const svg = svgRoot(document.getElementById("ages"), 460, 170);
  if (!rows.length) return;
  const ages = rows.map((r) => r.age_days);
  const lo = Math.floor(Math.min(...ages)), hi = Math.ceil(Math.max(...ages)) + 1;
  const n = Math.min(30, Math.max(1, hi - lo));
  const width = (hi - lo) / n, counts = new Array(n).fill(0);
  for (const a of ages) counts[Math.min(n - 1, Math.floor((a - lo) / width))] += 1;
  const top = Math.max(...counts);
  counts.forEach((c, i) => {
    const x = 40 + i * 400 / n, barH = c / top * 120;
    s("rect", { x, y: 140 - barH, width: 400 / n - 1, height: barH, fill: ageClass(lo + i * width) }, svg);
  });
  s("line", { x1: 40, x2: 440, y1: 140, y2: 140, class: "axis" }, svg);
  s("text", { x: 40, y: 156 }, svg, `${lo} d`);
  s("text", { x: 440, y: 156, "text-anchor": "end" }, svg, `${hi} d`);
  s("text", { x: 240, y: 168, "text-anchor": "middle" }, svg, `age of the latest element set (days), all ${rows.length} objects`);
  s("text", { x: 36, y: 24, "text-anchor": "end" }, svg, String(top));
}

async function show(row) {
  const box = document.getElementById("detail");
  try {
    const x = await api(`/catalog/${row.norad_id}`);
    box.replaceChildren();
    h("p", {}, box, `${x.name} · NORAD ${x.norad_id} · ${x.intl_designator} · epoch ${x.epoch.slice(0, 19)} UTC · ${x.history.length} element set(s) stored`);
    const t = h("table", {}, box);
    for (const [k, v] of Object.entries(x.elements)) {
      const tr = h("tr", {}, t); h("td", {}, tr, k); h("td", { class: "num" }, tr, String(v));
    }
  } catch (e) { showError(e); }
}

async function summary() {
  try {
    const x = await catalogSummary();
    document.getElementById("summary").textContent = x.objects ?
      `${x.objects} objects, ${x.element_sets} element sets from ${x.imports} import(s); epochs ` +
      `${x.epoch_min_utc.slice(0, 10)} to ${x.epoch_max_utc.slice(0, 10)} (median ${x.epoch_median_utc.slice(0, 16)}, ` +
      `${x.age_median_days.toFixed(1)} days ago)` :
      "The store is empty: import a catalog file below (or run aspan catalog update).";
    if (x.objects) histogram(await api("/catalog", { limit: 20000 }));
  } catch (e) { showError(e); }
}

document.getElementById("import").addEventListener("click", async () => {
  const file = document.getElementById("file").files[0];
  const out = document.getElementById("import-status");
  if (!file) { out.textContent = "Choose a file first."; return; }
  out.textContent = `Importing ${file.name} (${(file.size / 1e6).toFixed(1)} MB)…`;
  try {
    const x = await apiWrite("/catalog/import", { filename: file.name,
      skip_invalid: document.getElementById("skip").checked }, file, "application/octet-stream");
    const r = x.imports[0];
    out.textContent = r.already_imported ? `${file.name}: imported before, nothing new.` :
      `${file.name}: ${r.n_records} records (${r.format}), ${r.n_new} new, ${r.n_invalid} invalid. ` +
      `Store: ${x.counts.objects} objects, ${x.counts.element_sets} element sets.`;
    summaryCache = null; summary(); search();
  } catch (e) { out.textContent = "Import failed: " + e.message; }
});
document.getElementById("search").addEventListener("click", search);
document.getElementById("name").addEventListener("keydown", (e) => { if (e.key === "Enter") search(); });
summary(); search();
