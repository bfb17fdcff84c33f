// flashpoint dashboard: vanilla JS over the REST API of the same server (no build step, no CDN).
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === "class") node.setAttribute("class", v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

async function api(path, options = {}) {
  const res = await fetch(path, options);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
  return body;
}

function setStatus(id, text, isError = false) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error", isError);
}

function actorLabel(a) {
  if (!a) return "—";
  const name = a.name || a.text || "?";
  const code = [a.country, a.sector].filter(Boolean).join(" ");
  return code ? `${name} (${code})` : name;
}

// only web links become <a href>: a stored URL such as "javascript:…" is shown as text
function safeUrl(u) {
  return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null;
}

function linkOrText(url, text) {
  const href = safeUrl(url);
  return href ? el("a", { href, rel: "noopener noreferrer", target: "_blank" }, text) : text;
}

function chain(ev) {
  return (ev.attribution || []).map((a) => (a.verb ? `${a.text} (${a.verb})` : a.text)).join(" ← ");
}

function describe(ev) {
  const lines = [
    `${ev.event_type}${ev.mode ? "/" + ev.mode : ""} · CAMEO ${ev.cameo} · ${QUAD[ev.quad_class] || "quad " + ev.quad_class}` +
      (ev.goldstein !== null && ev.goldstein !== undefined ? ` · Goldstein ${ev.goldstein}` : ""),
    `source: ${actorLabel(ev.source)}`,
    `target: ${actorLabel(ev.target)}`,
    `date: ${ev.date || "unknown"}${ev.date_precision ? " (" + ev.date_precision + ")" : ""}`,
    `where: ${ev.location ? (ev.location.name || "?") + (ev.location.country ? " (" + ev.location.country + ")" : "") : "—"}`,
    `modality: ${ev.modality}${ev.background ? " · background" : ""}`,
    `according to: ${chain(ev) || "the article"}`,
    `confidence: ${Number(ev.confidence).toFixed(2)}`,
  ];
  return lines.join("\n");
}

// -- article view: the text with each event's trigger, source and target highlighted ---------
function renderArticle(text, events) {
  const view = $("article-view");
  view.replaceChildren();
  const spans = [];
  for (const ev of events) {
    for (const role of ["trigger", "source", "target"]) {
      const s = ev.evidence && ev.evidence[role];
      if (s && s.end > s.start) spans.push({ start: s.start, end: s.end, role, ev });
    }
  }
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const rank = { trigger: 0, source: 1, target: 2 };
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const cover = spans.filter((s) => s.start <= a && s.end >= b).sort((x, y) => rank[x.role] - rank[y.role]);
    const piece = text.slice(a, b);
    if (!cover.length) { view.append(piece); continue; }
    const top = cover[0];
    const evs = [...new Set(cover.map((s) => s.ev))];
    const title = cover.map((s) => `[${s.role}] `).filter((v, j, all) => all.indexOf(v) === j).join("") + "\n" +
      evs.map(describe).join("\n\n");
    view.append(el("mark", {
      class: `hl q${top.ev.quad_class} role-${top.role}`, title, "data-event": top.ev.id,
      onclick: () => showEvent(top.ev.id),
    }, piece));
  }
}

async function codeArticle() {
  const text = $("article-text").value;
  if (!text.trim()) { setStatus("code-status", "paste an article first", true); return; }
  setStatus("code-status", "coding…");
  $("code-btn").disabled = true;
  try {
    const out = await api("/articles", {
      method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-API-Key": $("api-key").value },
      body: text,
    });
    renderArticle(out.article.text, out.events);
    setStatus("code-status", `${out.events.length} event(s)${out.stored ? ", stored" : " (already stored)"}`);
    await Promise.all([loadEvents(), loadIncidents(), loadMap(), loadVocab(), health()]);
    await loadTimeline();
  } catch (err) {
    setStatus("code-status", err.message, true);
  } finally {
    $("code-btn").disabled = false;
  }
}

// -- events table ------------------------------------------------------------------------------
let nextCursor = null;

function eventQuery() {
  const p = new URLSearchParams({ limit: "50" });
  const add = (k, v) => { if (v) p.set(k, v); };
  add("type", $("f-type").value);
  add("country", $("f-country").value.trim().toUpperCase());
  add("modality", $("f-modality").value);
  add("date_from", $("f-from").value);
  add("date_to", $("f-to").value);
  return p;
}

function eventRow(ev) {
  return el("tr", { "data-id": ev.id, onclick: () => showEvent(ev.id), title: describe(ev) },
    el("td", {}, ev.date || "—"),
    el("td", {}, el("span", { class: `quad q${ev.quad_class}` }), ev.event_type),
    el("td", {}, actorLabel(ev.source)),
    el("td", {}, actorLabel(ev.target)),
    el("td", {}, ev.location ? ev.location.name || "?" : "—"),
    el("td", {}, ev.modality + (ev.background ? " (bg)" : "")),
    el("td", {}, Number(ev.confidence).toFixed(2)));
}

async function loadEvents(append = false) {
  const params = eventQuery();
  if (append && nextCursor) params.set("cursor", nextCursor);
  const body = $("events-table").tBodies[0];
  setStatus("events-status", "loading…");
  try {
    const page = await api(`/events?${params}`);
    if (!append) body.replaceChildren();
    for (const ev of page.events) body.append(eventRow(ev));
    nextCursor = page.next_cursor;
    $("more-btn").hidden = !nextCursor;
    setStatus("events-status", `${body.rows.length} shown${nextCursor ? ", more available" : ""}`);
  } catch (err) {
    setStatus("events-status", err.message, true);
  }
}

async function loadVocab() {
  const v = await api("/vocab");
  fillSelect($("f-type"), v.event_types.map((t) => t.type));
  fillSelect($("f-modality"), v.modalities);
}

function fillSelect(select, values) {
  const keep = select.value;
  select.replaceChildren(el("option", { value: "" }, "any"), ...values.map((v) => el("option", { value: v }, v)));
  select.value = values.includes(keep) ? keep : "";
}

// -- one event: evidence, attribution, modality ------------------------------------------------
async function showEvent(id) {
  const box = $("evidence");
  box.classList.remove("muted");
  try {
    const ev = await api(`/events/${encodeURIComponent(id)}`);
    const s = ev.evidence;
    const sentence = el("blockquote", { class: "evidence-sentence" });
    const marks = ["trigger", "source", "target"].map((r) => s[r] && { r, a: s[r].start - s.start, b: s[r].end - s.start })
      .filter((m) => m && m.a >= 0 && m.b <= s.sentence.length).sort((x, y) => x.a - y.a);
    let at = 0;
    for (const m of marks) {
      if (m.a < at) continue;
      sentence.append(s.sentence.slice(at, m.a), el("mark", { class: `hl q${ev.quad_class} role-${m.r}`, title: m.r }, s.sentence.slice(m.a, m.b)));
      at = m.b;
    }
    sentence.append(s.sentence.slice(at));
    const fields = el("dl", { class: "fields" });
    for (const line of describe(ev).split("\n")) {
      const i = line.indexOf(": ");
      if (i > 0) fields.append(el("dt", {}, line.slice(0, i)), el("dd", {}, line.slice(i + 2)));
      else fields.append(el("dt", {}, "event"), el("dd", {}, line));
    }
    const art = ev.article;
    box.replaceChildren(sentence, fields,
      art ? el("p", { class: "small" }, "article: ", linkOrText(art.url, art.title),
        art.outlet ? ` · ${art.outlet}` : "", art.published ? ` · ${art.published}` : "") : null,
      ev.incident_id ? el("p", { class: "small" }, "incident: ", el("a", { href: "#incidents-panel", onclick: () => showIncident(ev.incident_id) }, ev.incident_id)) : null);
  } catch (err) {
    box.replaceChildren(el("span", { class: "status error" }, err.message));
  }
}

// -- incidents -----------------------------------------------------------------------------------
async function loadIncidents() {
  const list = $("incidents");
  const out = await api("/incidents?limit=30");
  list.replaceChildren(...out.incidents.map((inc) => el("li", { "data-id": inc.id, onclick: () => showIncident(inc.id) },
    el("span", { class: `quad q${inc.quad_class}` }),
    `${inc.day || "?"} ${inc.event_type} ${inc.source_country || "?"}→${inc.target_country || "?"}` +
      `${inc.place ? " in " + inc.place : ""} · ${inc.num_articles} article(s), ${inc.num_sources} outlet(s)`)));
  if (!out.incidents.length) list.replaceChildren(el("li", { class: "muted" }, "no incidents yet"));
  const dyad = $("dyad");
  const first = out.incidents.find((i) => i.source_country && i.target_country && i.source_country !== i.target_country);
  if (!dyad.value && first) dyad.value = `${first.source_country}-${first.target_country}`;
}

async function showIncident(id) {
  const box = $("incident-detail");
  try {
    const inc = await api(`/incidents/${encodeURIComponent(id)}`);
    box.replaceChildren(
      el("h3", {}, `${inc.event_type} ${inc.source_country || "?"}→${inc.target_country || "?"} ${inc.day || ""}`),
      el("p", { class: "small" }, `outlets: ${inc.outlets.join(", ") || "—"} · confidence ${Number(inc.confidence).toFixed(2)}`),
      el("ul", {}, ...inc.articles.map((a) => el("li", {}, linkOrText(a.url, a.title),
        a.outlet ? ` (${a.outlet})` : ""))),
      el("ul", {}, ...inc.events.map((e) => el("li", { class: "small", onclick: () => showEvent(e.id) }, e.evidence.sentence))));
  } catch (err) {
    box.replaceChildren(el("span", { class: "status error" }, err.message));
  }
}

// -- dyad timeline: incidents per period (bars), escalation (line), alerts (dashed) -----------
async function loadTimeline() {
  const svg = $("timeline");
  const dyad = $("dyad").value.trim().toUpperCase();
  svg.replaceChildren();
  if (!dyad) { setStatus("timeline-status", "enter a dyad such as IRN-USA"); return; }
  try {
    const by = $("by").value;
    const [series, alerts] = await Promise.all([
      api(`/series?${new URLSearchParams({ dyad, by })}`),
      api(`/alerts?${new URLSearchParams({ dyad, by, both: "true" })}`),
    ]);
    drawTimeline(svg, series.rows, alerts.alerts);
    setStatus("timeline-status", `${series.rows.length} ${by}(s), ${alerts.alerts.length} alert(s)`);
  } catch (err) {
    setStatus("timeline-status", err.message, true);
  }
}

function drawTimeline(svg, rows, alerts) {
  const W = 900, H = 220, L = 40, R = 10, T = 10, B = 30;
  svg.append(el("svg:line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#999" }));
  if (!rows.length) {
    svg.append(el("svg:text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "no incidents for this dyad"));
    return;
  }
  const n = rows.length, step = (W - L - R) / n;
  const maxN = Math.max(1, ...rows.map((r) => r.incidents));
  const esc = rows.map((r) => r.escalation_norm ?? 0);
  const lo = Math.min(0, ...esc), hi = Math.max(1, ...esc);
  const y = (v) => H - B - ((v - lo) / (hi - lo)) * (H - T - B);
  rows.forEach((r, i) => {
    const h = (r.incidents / maxN) * (H - T - B);
    const bw = Math.max(1, Math.min(40, step * 0.8));
    svg.append(el("svg:rect", { class: "bar", x: L + (i + 0.5) * step - bw / 2, y: H - B - h, width: bw, height: h },
      el("svg:title", {}, `${r.period}: ${r.incidents} incident(s), escalation ${Number(r.escalation_norm).toFixed(1)}`)));
  });
  const pts = rows.map((r, i) => `${(L + (i + 0.5) * step).toFixed(1)},${y(esc[i]).toFixed(1)}`);
  if (n === 1) pts.push(`${(L + step * 0.9).toFixed(1)},${y(esc[0]).toFixed(1)}`);
  svg.append(el("svg:polyline", { class: "esc", points: pts.join(" ") }));
  const index = new Map(rows.map((r, i) => [r.period, i]));
  for (const a of alerts) {
    const i = index.get(a.start);
    if (i === undefined) continue;
    const x = L + (i + 0.5) * step;
    svg.append(el("svg:line", { class: "alert", x1: x, x2: x, y1: T, y2: H - B }, el("svg:title", {}, `${a.direction} from ${a.start}: ${a.explanation}`)));
  }
  svg.append(el("svg:text", { x: L, y: H - 8 }, rows[0].period), el("svg:text", { x: W - R, y: H - 8, "text-anchor": "end" }, rows[n - 1].period),
    el("svg:text", { x: 4, y: T + 10 }, `max ${maxN}`));
}

// -- map: equirectangular, land and borders, graticule, grid clustering ---------------------------
const MAP_W = 720, MAP_H = 360, CELL = 24;
const project = (lon, lat) => [(lon + 180) * (MAP_W / 360), (90 - lat) * (MAP_H / 180)];
let boundaries = null; // Promise of the GeoJSON from /map/boundaries, or of null when unavailable
let mapBase = null; // <g> with land, lakes, graticule and borders: built once, reused

function loadBoundaries() {
  if (!boundaries) {
    boundaries = api("/map/boundaries").catch((err) => {
      $("map-note").textContent = `Country boundaries unavailable (${err.message}); dots are drawn on the graticule only.`;
      return null;
    });
  }
  return boundaries;
}

function pathData(line, close) {
  const pts = line.map(([lon, lat]) => project(lon, lat).map((v) => v.toFixed(1)).join(","));
  return `M${pts.join("L")}${close ? "Z" : ""}`;
}

function buildMapBase(geo) {
  const base = el("svg:g", { class: "base" }, el("svg:rect", { class: "ocean", x: 0, y: 0, width: MAP_W, height: MAP_H }));
  const layer = (cls) => base.appendChild(el("svg:g", { class: cls }));
  const shapes = layer("shapes"), grat = layer("graticule"), borders = layer("borders");
  for (const f of geo ? geo.features : []) {
    const g = f.geometry, kind = f.properties.kind;
    if (g.type === "Polygon") shapes.append(el("svg:path", { class: kind, d: g.coordinates.map((r) => pathData(r, true)).join("") }));
    else if (g.type === "LineString") borders.append(el("svg:path", { class: kind, d: pathData(g.coordinates, false) }));
  }
  for (let lon = -180; lon <= 180; lon += 30) grat.append(el("svg:line", { class: "grat", x1: project(lon, 0)[0], x2: project(lon, 0)[0], y1: 0, y2: MAP_H }));
  for (let lat = -90; lat <= 90; lat += 30) grat.append(el("svg:line", { class: lat === 0 ? "grat equator" : "grat", x1: 0, x2: MAP_W, y1: project(0, lat)[1], y2: project(0, lat)[1] }));
  return base;
}

async function loadMap() {
  const svg = $("map");
  // events and the (static, fetched once) boundaries load side by side; the base is drawn even
  // when the events fail, and without land and borders when the boundaries fail
  const drawBase = (geo) => {
    if (!mapBase) mapBase = buildMapBase(geo);
    if (mapBase.parentNode !== svg) svg.replaceChildren(mapBase);
  };
  const [page] = await Promise.all([api("/events?located=true&limit=1000"), loadBoundaries().then(drawBase)]);
  const cells = new Map();
  for (const ev of page.events) {
    const [x, y] = project(ev.location.lon, ev.location.lat);
    const key = `${Math.floor(x / CELL)},${Math.floor(y / CELL)}`;
    if (!cells.has(key)) cells.set(key, { x: 0, y: 0, events: [] });
    const c = cells.get(key);
    c.x += x; c.y += y; c.events.push(ev);
  }
  const markers = el("svg:g", { class: "markers" });
  // big clusters first: a small one next to a big one is drawn on top and stays clickable
  for (const c of [...cells.values()].sort((a, b) => b.events.length - a.events.length)) {
    const n = c.events.length, cx = c.x / n, cy = c.y / n;
    const places = [...new Set(c.events.map((e) => e.location.name))].slice(0, 5).join(", ");
    markers.append(el("svg:g", { class: "marker", "data-count": n, onclick: () => showCluster(c.events) },
      el("svg:circle", { cx: cx.toFixed(1), cy: cy.toFixed(1), r: (4 + 3 * Math.sqrt(n)).toFixed(1) }),
      n > 1 ? el("svg:text", { x: cx.toFixed(1), y: (cy + 3).toFixed(1) }, n) : null,
      el("svg:title", {}, `${n} event(s): ${places}`)));
  }
  svg.replaceChildren(mapBase, markers);
}

function showCluster(events) {
  $("map-detail").replaceChildren(el("ul", {}, ...events.slice(0, 50).map((ev) =>
    el("li", { class: "small", onclick: () => showEvent(ev.id) },
      el("span", { class: `quad q${ev.quad_class}` }), `${ev.location.name} · ${ev.event_type}: `, ev.evidence.sentence))));
}

// -- start ---------------------------------------------------------------------------------------
async function health() {
  const h = await api("/health");
  $("health").textContent = `${h.counts.events} events · ${h.counts.articles} articles · ${h.counts.incidents} incidents`;
}

function start() {
  $("code-btn").addEventListener("click", codeArticle);
  $("more-btn").addEventListener("click", () => loadEvents(true));
  for (const id of ["f-type", "f-modality", "f-from", "f-to", "f-country"]) $(id).addEventListener("change", () => loadEvents());
  $("dyad").addEventListener("change", loadTimeline);
  $("by").addEventListener("change", loadTimeline);
  $("article-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (file) $("article-text").value = await file.text();
  });
  const report = (err) => setStatus("events-status", err.message, true);
  health().catch(report);
  loadVocab().catch(report);
  loadEvents();
  loadMap().catch(report);
  loadIncidents().then(loadTimeline).catch(report);
}

document.addEventListener("DOMContentLoaded", start);
