// Grappe's search page: plain JavaScript over the daemon's /v1 endpoints.
// Everything the server sends is put in the page as text (textContent),
// never as markup; the state lives in the address's fragment, so a search
// or a page can be bookmarked and the back button works.
"use strict";

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 10;
const KIND_LABELS = {
  body: "corps du texte", heading: "titre", footnote: "note", quote: "citation",
  caption: "légende", table: "tableau", reference: "bibliographie", toc: "table des matières",
};
const FACETS = [
  ["year", "Année"], ["concept", "Concept"], ["family", "Famille"], ["kind", "Sorte de passage"],
  ["type", "Type"], ["author", "Auteur"], ["language", "Langue"],
];
const TYPE_LABELS = {
  article: "article", thesis: "thèse", report: "rapport", book: "livre", chapter: "chapitre",
  "web page": "page web", slides: "diaporama", conference: "communication",
};
const EXPORTS = {
  md: ["text/markdown", "grappe-citations.md"],
  bibtex: ["application/x-bibtex", "grappe-citations.bib"],
  "csl-json": ["application/json", "grappe-citations.json"],
};

let concepts = null;  // id -> {label, family}, read once
let lastResults = null;

// ---- talking to the daemon ------------------------------------------------

class ApiError extends Error {
  constructor(status, envelope) {
    const e = (envelope && envelope.error) || {};
    super(e.message || `erreur ${status}`);
    this.status = status;
    this.code = e.code || "";
    this.column = e.column;
  }
}

async function api(path, params, as = "json") {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== "") query.set(k, v);
  const headers = {};
  const token = sessionStorage.getItem("grappe-token");
  if (token) headers.Authorization = "Bearer " + token;
  const url = path + (query.toString() ? "?" + query.toString() : "");
  const res = await fetch(url, { headers });
  if (res.status === 401) {
    $("token-form").hidden = false;
    $("token").focus();
    throw new ApiError(401, { error: { message: "ce serveur demande un jeton" } });
  }
  if (!res.ok) {
    let envelope = null;
    try { envelope = await res.json(); } catch (_) { /* not JSON */ }
    throw new ApiError(res.status, envelope);
  }
  return as === "json" ? res.json() : as === "blob" ? res.blob() : res.text();
}

function status(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// ---- the state, in the fragment ---------------------------------------------

function readState() {
  const p = new URLSearchParams(location.hash.slice(1));
  return {
    q: p.get("q") || "", by: p.get("by") || "document", within: p.get("within") || "page",
    offset: Number(p.get("offset") || 0), doc: p.get("doc"), page: Number(p.get("page") || 0),
    passage: p.get("passage"),
  };
}

function go(state) {
  const p = new URLSearchParams();
  // 0 is left out (offset 0, no page); a passage's ordinal travels as a string, "0" kept.
  for (const [k, v] of Object.entries(state)) if (v !== null && v !== undefined && v !== "" && v !== 0) p.set(k, v);
  const hash = "#" + p.toString();
  if (location.hash === hash) route(); else location.hash = hash;
}

async function route() {
  const s = readState();
  $("q").value = s.q;
  $("by").value = s.by;
  $("within").value = s.within;
  if (s.doc) return showDocument(s);
  $("document-view").hidden = true;
  if (!s.q) {
    $("results-view").hidden = true;
    status("Tapez une requête : des mots (les accents, la casse et les flexions sont repliés), une expression entre guillemets, ou un champ ci-dessus.");
    return;
  }
  return search(s);
}

// ---- search -----------------------------------------------------------------

async function loadConcepts() {
  if (concepts) return concepts;
  concepts = {};
  try {
    const table = await api("/v1/concepts");
    for (const c of table.concepts) concepts[c.id] = { label: c.label, family: c.family };
  } catch (_) { /* labels are a comfort: ids do */ }
  return concepts;
}

async function search(s) {
  status("Recherche…");
  let results;
  try {
    [results] = await Promise.all([
      api("/v1/search", { q: s.q, by: s.by, within: s.within, limit: PAGE_SIZE, offset: s.offset }),
      loadConcepts(),
    ]);
  } catch (e) {
    $("results-view").hidden = true;
    status(e.column ? `${e.message} (colonne ${e.column})` : e.message, true);
    return;
  }
  lastResults = results;
  status("");
  $("results-view").hidden = false;
  $("export-preview").hidden = true;
  const n = results.total_estimate;
  const unit = s.by === "passage" ? (n > 1 ? "passages" : "passage") : (n > 1 ? "documents" : "document");
  $("summary").textContent = n === 0 ? "Aucun résultat." :
    `${n.toLocaleString("fr-FR")} ${unit} — ${s.offset + 1} à ${s.offset + results.hits.length}`;
  const notices = $("notices");
  notices.replaceChildren();
  for (const w of results.warnings) notices.append(el("p", {}, w));
  for (const sug of results.suggestions)
    notices.append(el("p", {}, `« ${sug.word} » n’est pas dans l’index. Vouliez-vous dire `,
      el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); go({ ...s, q: s.q.replace(sug.word, sug.suggestion), offset: 0 }); } }, sug.suggestion),
      " ?"));
  $("hits").replaceChildren(...results.hits.map((h) => hitItem(h, s)));
  renderFacets(results.facets);
  renderPager(results, s);
  renderTimeline(results.facets);
}

function conceptLabel(id) { return (concepts && concepts[id] && concepts[id].label) || id; }

// The snippet's text with its marked words and concept mentions, as nodes.
function marked(text, marks, mentions) {
  const chars = Array.from(text);  // offsets count code points
  const flags = new Array(chars.length).fill(0);
  const title = new Array(chars.length).fill(null);
  for (const [a, b] of marks) for (let i = a; i < b && i < chars.length; i++) flags[i] |= 1;
  for (const m of mentions) for (let i = m.start; i < m.end && i < chars.length; i++) { flags[i] |= 2; title[i] = m.concept; }
  const out = [];
  let i = 0;
  while (i < chars.length) {
    let j = i;
    while (j < chars.length && flags[j] === flags[i] && title[j] === title[i]) j++;
    const piece = chars.slice(i, j).join("");
    let node = document.createTextNode(piece);
    if (flags[i] & 1) node = el("mark", {}, node);
    if (flags[i] & 2) node = el("span", { class: "concept-mention", title: conceptLabel(title[i]) }, node);
    out.push(node);
    i = j;
  }
  return out;
}

function authorsText(authors) {
  const names = authors.map((a) => a.family);
  if (names.length > 3) return names[0] + " et al.";
  return names.join(", ");
}

function hitItem(h, s) {
  const open = (ev) => { ev.preventDefault(); go({ q: s.q, by: s.by, within: s.within, offset: s.offset, doc: h.doc_id, page: h.page_index, passage: String(h.ordinal) }); };
  const meta = [];
  if (h.authors.length) meta.push(authorsText(h.authors));
  meta.push(h.year || "s.d.");
  const page = el("span", { class: "page" }, h.page ? `p. ${h.page}` : `page ${h.page_index}`);
  const file = h.path.split("/").pop();
  const kind = h.kind && h.kind !== "body" ? ` · ${KIND_LABELS[h.kind] || h.kind}` : "";
  const tags = el("div", { class: "tags" }, ...h.concepts.map((c) =>
    el("button", { type: "button", class: "tag", title: `Ajouter concept:${c.id} à la requête`, onclick: () => refine("concept", c.id) }, conceptLabel(c.id))));
  const snippet = el("p", { class: "snippet" },
    h.snippet_starts_inside ? "… " : "", ...marked(h.snippet, h.snippet_marks, h.snippet_concepts), h.snippet_ends_inside ? " …" : "");
  return el("li", { class: "hit" },
    el("h2", {}, el("a", { href: "#", class: "open-document", onclick: open }, h.title || file)),
    el("div", { class: "meta" }, meta.join(", ") + " — ", page, kind, ` · ${file}`),
    snippet, tags);
}

// Adds field:value to the query (quoted when it holds a space) and searches.
function refine(field, value) {
  const s = readState();
  const v = /[\s"]/.test(value) ? `"${value.replace(/"/g, "")}"` : value;
  const clause = `${field}:${v}`;
  if (s.q.split(/\s+/).includes(clause)) return;
  go({ q: (s.q + " " + clause).trim(), by: s.by, within: s.within });
}

function renderFacets(facets) {
  const aside = $("facets");
  aside.replaceChildren();
  for (const [name, title] of FACETS) {
    const counts = facets[name];
    if (!counts) continue;
    let entries = Object.entries(counts);
    if (name === "year") entries.sort((a, b) => (a[0] === "undated") - (b[0] === "undated") || b[0].localeCompare(a[0]));
    else entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "fr"));
    entries = entries.slice(0, name === "year" ? 30 : 12);
    if (!entries.length) continue;
    const list = el("ul", { "data-facet": name });
    for (const [value, n] of entries) {
      const label = name === "concept" ? conceptLabel(value) : name === "kind" ? (KIND_LABELS[value] || value)
        : name === "type" ? (TYPE_LABELS[value] || value) : value === "undated" ? "sans date" : value;
      const item = el("li", { "data-value": value }, el("span", {}, label), el("span", { class: "n" }, String(n)));
      if (value !== "undated") {
        item.title = `Ajouter ${name === "language" ? "lang" : name}:${value}`;
        item.addEventListener("click", () => refine(name === "language" ? "lang" : name, value));
      }
      list.append(item);
    }
    aside.append(el("h3", {}, title), list);
  }
}

function renderPager(results, s) {
  const nav = $("pager");
  nav.replaceChildren();
  if (s.offset > 0)
    nav.append(el("button", { type: "button", onclick: () => go({ ...s, doc: null, page: 0, passage: null, offset: Math.max(0, s.offset - PAGE_SIZE) }) }, "← précédents"));
  if (s.offset + results.hits.length < results.total_estimate && results.hits.length === PAGE_SIZE)
    nav.append(el("button", { type: "button", onclick: () => go({ ...s, doc: null, page: 0, passage: null, offset: s.offset + PAGE_SIZE }) }, "suivants →"));
}

// The four concepts most present in the results, as the timeline draws them.
async function renderTimeline(facets) {
  const figure = $("timeline");
  const ids = Object.entries(facets.concept || {}).sort((a, b) => b[1] - a[1]).slice(0, 4).map((e) => e[0]);
  if (!ids.length) { figure.hidden = true; return; }
  try {
    const svg = await api("/v1/timeline", { ids: ids.join(","), format: "svg", lang: "fr", bin: 5 }, "blob");
    const img = $("timeline-chart");
    if (img.dataset.url) URL.revokeObjectURL(img.dataset.url);
    img.dataset.url = URL.createObjectURL(svg);
    img.src = img.dataset.url;
    img.alt = "Chronologie : " + ids.map(conceptLabel).join(", ");
    figure.hidden = false;
  } catch (_) {
    figure.hidden = true;
  }
}

// ---- export -----------------------------------------------------------------

async function exportQuotations(format) {
  const s = readState();
  status("Export…");
  try {
    const text = await api("/v1/export", { q: s.q, format, within: s.within, limit: 200 }, "text");
    const [type, name] = EXPORTS[format];
    const link = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    const preview = $("export-preview");
    preview.textContent = text;
    preview.hidden = false;
    preview.dataset.format = format;
    status(`${name} : ${text.length.toLocaleString("fr-FR")} caractères exportés.`);
  } catch (e) {
    status(e.message, true);
  }
}

// ---- a document and its pages ---------------------------------------------------

async function showDocument(s) {
  $("results-view").hidden = true;
  const view = $("document-view");
  status("Lecture…");
  let record;
  try {
    [record] = await Promise.all([api(`/v1/documents/${encodeURIComponent(s.doc)}`), loadConcepts()]);
  } catch (e) {
    view.hidden = true;
    status(e.message, true);
    return;
  }
  const m = record.metadata || {};
  $("doc-title").textContent = record.title || record.path.split("/").pop();
  const fields = $("doc-fields");
  fields.replaceChildren();
  const add = (name, value) => { if (value) fields.append(el("dt", {}, name), el("dd", {}, value)); };
  add("Auteurs", m.authors ? m.authors.value.map((a) => a.family + (a.given ? ", " + a.given : "")).join(" ; ") : "");
  add("Année", m.year ? m.year.value : "inconnue");
  add("Type", m.type ? (TYPE_LABELS[m.type.value] || m.type.value) : "");
  add("Publié dans", m.venue ? m.venue.value : "");
  add("HAL", m.hal_id ? m.hal_id.value : "");
  add("DOI", m.doi ? m.doi.value : "");
  add("Fichier", record.path);
  add("Pages", String(record.pages));
  const page = Math.min(Math.max(1, s.page || 1), Math.max(1, record.pages));
  $("page-prev").disabled = page <= 1;
  $("page-next").disabled = page >= record.pages;
  $("page-prev").onclick = () => go({ ...s, page: page - 1, passage: null });
  $("page-next").onclick = () => go({ ...s, page: page + 1, passage: null });
  let text;
  try {
    // The search's words marked in the page, as in the hits (a query of
    // filters alone has none to mark).
    text = await api(`/v1/documents/${encodeURIComponent(s.doc)}/pages/${page}`, { mark: s.q });
  } catch (e) {
    status(e.message, true);
    return;
  }
  $("page-where").textContent = `p. ${text.page} (${text.page_index} sur ${text.pages})`;
  $("page-text").replaceChildren(...text.passages.map((p) => {
    const mentions = p.concepts.map((c) => ({ concept: c.id, start: c.start, end: c.end }));
    const cls = p.kind + (String(p.ordinal) === s.passage ? " current" : "");
    return el("p", { class: cls, "data-ordinal": p.ordinal }, ...marked(p.text, p.marks || [], mentions));
  }));
  view.hidden = false;
  status("");
  const current = document.querySelector("#page-text p.current");
  if (current) current.scrollIntoView({ block: "center" });
}

// ---- wiring -----------------------------------------------------------------

function wire() {
  $("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    go({ q: $("q").value.trim(), by: $("by").value, within: $("within").value });
  });
  for (const id of ["by", "within"])
    $(id).addEventListener("change", () => { if ($("q").value.trim()) $("search").requestSubmit(); });
  for (const code of document.querySelectorAll("#syntax code"))
    code.addEventListener("click", () => { $("q").value = ($("q").value + " " + code.textContent).trim(); $("q").focus(); });
  for (const b of document.querySelectorAll("#export button"))
    b.addEventListener("click", () => exportQuotations(b.dataset.format));
  $("back").addEventListener("click", (ev) => {
    ev.preventDefault();
    const s = readState();
    go({ q: s.q, by: s.by, within: s.within, offset: s.offset });
  });
  $("home").addEventListener("click", (ev) => { ev.preventDefault(); go({}); });
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    sessionStorage.setItem("grappe-token", $("token").value);
    $("token-form").hidden = true;
    concepts = null;
    route();
  });
  window.addEventListener("hashchange", route);
  route();
}

wire();
