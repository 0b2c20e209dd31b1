// Shared by every dashboard page: API calls, the writing token, the element-age banner,
// SVG helpers and time formatting. Plain JS, no libraries, works offline.
"use strict";
const API = "/api/v1";
const SVGNS = "http://www.w3.org/2000/svg";

class ApiError extends Error {}

async function api(path, params, options) {
  const url = new URL(API + path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === "") continue;
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, item);
  }
  const reply = await fetch(url, options);
  const text = await reply.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!reply.ok) {
    const message = data && data.message ? data.message : `${reply.status} ${reply.statusText}`;
    throw new ApiError(message);
  }
  return data;
}

function token() { return localStorage.getItem("aspan-token") || ""; }

async function apiWrite(path, params, body, contentType) {
  const headers = { "Authorization": "Bearer " + token() };
  if (contentType) headers["Content-Type"] = contentType;
  return api(path, params, { method: "POST", headers, body });
}

function tokenInput(container) {
  const label = h("label", {}, container, "API token (for writing)");
  const input = h("input", { type: "password", id: "token", value: token(), size: 18 }, label);
  input.addEventListener("change", () => localStorage.setItem("aspan-token", input.value.trim()));
  return input;
}

// -- DOM and SVG -------------------------------------------------------------------------
function h(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.append(text);
  if (parent) parent.append(node);
  return node;
}

function s(tag, attrs, parent, text) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  if (parent) parent.append(node);
  return node;
}

function svgRoot(container, width, height) {
  container.replaceChildren();
  return s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" }, container);
}

function showError(error) {
  const box = document.getElementById("error");
  if (box) box.textContent = error ? String(error.message || error) : "";
}

function setStatus(text) {
  const box = document.getElementById("status");
  if (box) box.textContent = text;
}

// -- times -------------------------------------------------------------------------------
function ms(iso) { return iso ? Date.parse(iso) : NaN; }
function isoMinute(date) { return new Date(date).toISOString().slice(0, 16); }
function toIso(local) { return local.length === 16 ? local + ":00Z" : local; }
function hhmm(t) { return new Date(t).toISOString().slice(11, 16); }
function dayTime(iso) { return iso ? iso.slice(5, 10) + " " + iso.slice(11, 19) : "—"; }
function fmt(x, digits) { return x === null || x === undefined ? "—" : Number(x).toFixed(digits); }
function duration(seconds) {
  const sign = seconds < 0 ? "-" : "";
  seconds = Math.abs(Math.round(seconds));
  const d = Math.floor(seconds / 86400), hh = Math.floor(seconds % 86400 / 3600);
  const mm = Math.floor(seconds % 3600 / 60), ss = seconds % 60;
  const pad = (n) => String(n).padStart(2, "0");
  return sign + (d ? d + "d " : "") + `${pad(hh)}:${pad(mm)}:${pad(ss)}`;
}

// A time axis for [t0, t1] (ms) over [x0, x1] px: ticks at round hours or days.
function timeAxis(svg, t0, t1, x0, x1, y, height) {
  const span = t1 - t0, hour = 3600e3;
  const steps = [hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, 24 * hour, 48 * hour, 7 * 24 * hour];
  const step = steps.find((st) => span / st <= 10) || 14 * 24 * hour;
  const x = (t) => x0 + (t - t0) / span * (x1 - x0);
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    s("line", { x1: x(t), x2: x(t), y1: y - height, y2: y, class: "grid-line" }, svg);
    const label = step >= 24 * hour ? new Date(t).toISOString().slice(5, 10) : hhmm(t);
    s("text", { x: x(t), y: y + 13, "text-anchor": "middle" }, svg, label);
  }
  s("line", { x1: x0, x2: x1, y1: y, y2: y, class: "axis" }, svg);
  return x;
}

// -- element age -------------------------------------------------------------------------
let summaryCache = null;
async function catalogSummary() {
  if (!summaryCache) summaryCache = await api("/catalog/summary");
  return summaryCache;
}

// Show the banner when the time shown is far from the catalog's epochs; `jump(iso)` is
// called with the median epoch when the user asks for a time near it.
async function ageBanner(shownMs, jump, limitDays = 7) {
  const box = document.getElementById("age-banner");
  if (!box) return;
  const sum = await catalogSummary();
  if (!sum.epoch_median_utc) { box.hidden = true; return; }
  const days = (shownMs - ms(sum.epoch_median_utc)) / 86400e3;
  if (Math.abs(days) <= limitDays) { box.hidden = true; return; }
  box.replaceChildren();
  h("span", {}, box, `The catalog's elements (median epoch ${sum.epoch_median_utc.slice(0, 16)} UTC) ` +
    `are ${Math.abs(days).toFixed(0)} days ${days > 0 ? "older than" : "newer than"} the time shown: ` +
    "SGP4 positions drift by kilometres per day away from the epoch.");
  const button = h("button", { id: "jump-epoch" }, box, "Show a time near their epoch");
  button.addEventListener("click", () => jump(sum.epoch_median_utc));
  box.hidden = false;
}

function nav(here) {
  const pages = [["catalog", "Catalog"], ["passes", "Passes"], ["conjunctions", "Conjunctions"],
                 ["moon", "Moon"], ["telescope", "Telescope"], ["launch", "Launch"]];
  const header = h("header", {});
  const title = h("h1", {}, header);
  h("a", { href: "/" }, title, "Aspan");
  const bar = h("nav", {}, header);
  for (const [key, label] of pages) {
    h("a", { href: `/ui/${key}.html`, class: key === here ? "here" : "" }, bar, label);
  }
  document.body.prepend(header);
}

function sortableTable(container, columns, rows, onPick) {
  // columns: [{key, label, num, digits, format}]
  let sortKey = null, ascending = true, picked = null;
  const table = h("table", {});
  const head = h("tr", {}, h("thead", {}, table));
  const body = h("tbody", {}, table);
  for (const c of columns) {
    const th = h("th", { class: "sortable" + (c.num ? " num" : ""), "data-key": c.key }, head, c.label);
    th.addEventListener("click", () => {
      ascending = sortKey === c.key ? !ascending : true;
      sortKey = c.key;
      draw();
    });
  }
  function draw() {
    const sorted = rows.slice();
    if (sortKey) sorted.sort((a, b) => {
      const x = a[sortKey], y = b[sortKey];
      const r = (x === null) - (y === null) || (x < y ? -1 : x > y ? 1 : 0);
      return ascending ? r : -r;
    });
    body.replaceChildren();
    for (const row of sorted) {
      const tr = h("tr", { class: row === picked ? "selected" : "" }, body);
      for (const c of columns) {
        const v = row[c.key];
        const text = c.format ? c.format(v, row) : c.num ? fmt(v, c.digits ?? 3) : (v ?? "—");
        h("td", { class: c.num ? "num" : "" }, tr, text);
      }
      if (onPick) tr.addEventListener("click", () => { picked = row; draw(); onPick(row); });
    }
  }
  container.replaceChildren(table);
  draw();
  return { pick(row) { picked = row; draw(); } };
}
