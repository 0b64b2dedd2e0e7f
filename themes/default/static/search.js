// knn search client: Thai full-text search over the index in search/ (see src/render/search.rs).
// The query is segmented with Intl.Segmenter; keys keep tone marks and vowels. A query word
// matches a page as a whole word (word layer) or inside a longer run (pairs of grapheme
// clusters, then checked against the page text). Whole-word hits rank first. Only the shards
// and page chunks a query needs are fetched: a page chunk holds a few pages' records and texts,
// and is fetched only for a result shown (or a sub-word candidate checked); a filtered search
// reads each page's kind and district from f.json, never from the pages it turns away.
// No dependencies.

const base = new URL("../", import.meta.url);
const words = new Intl.Segmenter("th", { granularity: "word" });
const graphemes = new Intl.Segmenter("th", { granularity: "grapheme" });
const cache = new Map();
const LIMIT = 20; // results returned by default, and shown per step of "ดูเพิ่มเติม"
const BATCH = 8;
export const KINDS = { activity: "กิจกรรม", plot: "แปลง", lesson: "ถอดบทเรียน", product: "ผลิตภัณฑ์", market: "ตลาด" };

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, base)).then((r) => {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    }));
  }
  return cache.get(path);
}

// NFC, lower case, Thai digits as ASCII: the index's key form (same length as the input).
export function normalize(text) {
  return text.normalize("NFC").toLowerCase().replace(/[\u0E50-\u0E59]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

function segment(text) {
  return [...words.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

function pairs(word) {
  const g = [...graphemes.segment(word)].map((s) => s.segment);
  const out = [];
  for (let i = 0; i + 1 < g.length; i++) out.push(g[i] + g[i + 1]);
  return out;
}

function fnv1a(key) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(key)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

async function lookup(meta, key) {
  const shard = await load(`search/t-${fnv1a(key) % meta.shards}.json`);
  return shard[key] || [];
}

async function doc(meta, id) {
  const chunk = await load(`search/p-${Math.floor(id / meta.chunk)}.json`);
  const [url, title, kind, district, date, thumb, text] = chunk[id % meta.chunk];
  return { id, url, title, kind, district, date, thumb, text };
}

// Whether page `id` passes the kind and district filters (f.json: two characters a page, the
// numbers of its kind in meta.kinds and of its district in meta.districts, base 36).
async function passes(meta, id, options) {
  if (!options.district && !options.kind) return true;
  const codes = await load("search/f.json");
  const kind = meta.kinds[parseInt(codes[2 * id], 36)];
  const district = meta.districts[parseInt(codes[2 * id + 1], 36)];
  return (!options.district || district === options.district) && (!options.kind || kind === options.kind);
}

// Docs (id -> score) holding every word of `ws` as a whole word.
async function wholeWords(meta, ws) {
  let found = null;
  for (const w of ws) {
    const flat = await lookup(meta, "w" + w); // [doc delta, score, ...]
    const here = new Map();
    let id = 0;
    for (let i = 0; i + 1 < flat.length; i += 2) {
      id += flat[i];
      if (!found || found.has(id)) here.set(id, (found ? found.get(id) : 0) + flat[i + 1]);
    }
    found = here;
    if (!found.size) break;
  }
  return found || new Map();
}

// Docs that may hold `run` inside a longer run: every pair of its grapheme clusters.
async function subWord(meta, run) {
  const ps = [...new Set(pairs(run))];
  if (!ps.length) return new Set();
  let found = null;
  for (const p of ps) {
    let id = 0;
    const list = new Set((await lookup(meta, "p" + p)).map((delta) => (id += delta))); // doc deltas
    found = found ? new Set([...found].filter((d) => list.has(d))) : list;
    if (!found.size) break;
  }
  return found;
}

function snippet(text, needles) {
  const norm = normalize(text);
  let at = -1;
  let len = 0;
  for (const n of needles) {
    const i = norm.indexOf(n);
    if (i >= 0 && (at < 0 || i < at || (i === at && n.length > len))) { at = i; len = n.length; }
  }
  if (at < 0) return { before: text.slice(0, 140), match: "", after: "" };
  const start = Math.max(0, at - 50);
  return {
    before: (start > 0 ? "…" : "") + text.slice(start, at),
    match: text.slice(at, at + len),
    after: text.slice(at + len, at + len + 90) + (at + len + 90 < text.length ? "…" : ""),
  };
}

// The ranked results of a query, best first, at most `limit` (default LIMIT): [{url, title, kind,
// district, date, thumb, snippet, whole, score}], with `more` (candidates are left that were not
// examined: asking again with a larger limit may find more), `candidates` (how many pages matched
// the index, before the filters and the sub-word check) and `exact` (whether `candidates` is the
// true count: every candidate a whole-word match and no filter). Asking again with a larger limit
// fetches only the page chunks not fetched before.
// options: { district: "<Thai name>", kind: "activity" | "plot" | ..., limit: 20 }.
export async function search(query, options = {}) {
  const limit = options.limit > 0 ? Math.floor(options.limit) : LIMIT;
  const tokens = normalize(query || "").split(/\s+/).map((t) => ({ t, ws: segment(t) })).filter((x) => x.ws.length);
  if (!tokens.length) return Object.assign([], { more: false, candidates: 0, exact: true });
  const meta = await load("search/index.json");
  const hits = new Map(); // id -> {whole, score, runs: [] (sub-word runs to check)}
  for (let n = 0; n < tokens.length; n++) {
    const run = tokens[n].ws.join("");
    const [whole, sub] = await Promise.all([wholeWords(meta, tokens[n].ws), subWord(meta, run)]);
    const ids = new Set([...whole.keys(), ...sub]);
    for (const id of ids) {
      const prev = n === 0 ? { whole: 0, score: 0, runs: [], needles: [] } : hits.get(id);
      if (!prev) continue;
      const isWhole = whole.has(id);
      hits.set(id, {
        whole: prev.whole + (isWhole ? 1 : 0),
        score: prev.score + (isWhole ? whole.get(id) : 1),
        runs: isWhole ? prev.runs : prev.runs.concat(run),
        needles: prev.needles.concat([run], isWhole ? tokens[n].ws : []),
        seen: n,
      });
    }
    for (const [id, h] of hits) if (h.seen !== n) hits.delete(id);
  }
  // Best first; page records are fetched a batch at a time, only until `limit` results.
  const ranked = [...hits].sort((a, b) => b[1].whole - a[1].whole || b[1].score - a[1].score || a[0] - b[0]);
  const results = [];
  let examined = 0;
  for (let i = 0; i < ranked.length && results.length < limit; i += BATCH) {
    const batch = ranked.slice(i, i + BATCH);
    // Filters first (f.json only), then the pages of as many survivors as results are still
    // wanted: for the snippet and to check sub-word candidates (a refused one makes room).
    const pass = await Promise.all(batch.map(([id]) => passes(meta, id, options)));
    let j = 0;
    while (j < batch.length && results.length < limit) {
      const take = [];
      for (; j < batch.length && take.length < limit - results.length; j++) {
        if (pass[j]) take.push(batch[j]);
      }
      examined = i + j;
      const docs = await Promise.all(take.map(([id]) => doc(meta, id)));
      docs.forEach((d, k) => {
        const h = take[k][1];
        const hay = normalize([d.title, d.district, d.text].join(" "));
        if (!h.runs.every((r) => hay.includes(r))) return;
        results.push({ ...d, kindLabel: KINDS[d.kind] || d.kind, whole: h.whole, score: h.score, snippet: snippet(d.text || d.title, h.needles) });
      });
    }
  }
  const exact = !options.district && !options.kind && ranked.every(([, h]) => !h.runs.length);
  return Object.assign(results, { more: examined < ranked.length, candidates: ranked.length, exact });
}

// What the status line says about a set of results.
export function summary(results) {
  if (!results.length) return "ไม่พบผลการค้นหา";
  if (!results.more) return `พบ ${results.length} รายการ`;
  if (results.exact) return `พบ ${results.candidates} รายการ แสดง ${results.length} รายการแรก`;
  return `แสดง ${results.length} รายการแรก จากที่อาจตรงได้ถึง ${results.candidates} รายการ`;
}

export async function districts() {
  return (await load("search/index.json")).districts;
}

// The search page: results as you type, filters, the query kept in the address bar.
function page() {
  const form = document.getElementById("search-form");
  if (!form) return;
  const input = form.elements.q;
  const district = form.elements.district;
  const kind = form.elements.kind;
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const more = document.getElementById("search-more");
  form.hidden = false;
  districts().then((names) => {
    for (const n of names) district.append(new Option("อำเภอ" + n, n));
    const wanted = new URLSearchParams(location.search).get("district");
    if (wanted) district.value = wanted;
  });
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  if (params.get("kind")) kind.value = params.get("kind");
  let turn = 0;
  let shown = LIMIT;
  async function run() {
    const mine = ++turn;
    const q = input.value.trim();
    const url = new URL(location.href);
    url.searchParams.set("q", q);
    history.replaceState(null, "", url);
    if (!q) { list.replaceChildren(); status.textContent = ""; more.hidden = true; return; }
    const results = await search(q, { district: district.value, kind: kind.value, limit: shown });
    if (mine !== turn) return;
    status.textContent = summary(results);
    // Only the new results are added, so the list does not jump and focus stays put.
    const key = [q, district.value, kind.value].join("\u0000");
    const kept = list.dataset.q === key && list.children.length <= results.length ? list.children.length : 0;
    if (!kept) list.replaceChildren();
    list.dataset.q = key;
    list.append(...results.slice(kept).map(item));
    more.hidden = !results.more;
  }
  form.addEventListener("input", () => { shown = LIMIT; run(); });
  form.addEventListener("submit", (e) => { e.preventDefault(); shown = LIMIT; run(); });
  more.addEventListener("click", () => { shown += LIMIT; run(); });
  if (input.value) run();
}

// A proper name as the theme's `name` macro writes it: a line may break only between its words.
function nameNode(text) {
  const span = document.createElement("span");
  span.className = "name";
  text.split(/\s+/).filter(Boolean).forEach((w, i) => {
    const word = document.createElement("span");
    word.className = "nw";
    word.textContent = w;
    if (i) span.append(" ");
    span.append(word);
  });
  return span;
}

function item(r) {
  const li = document.createElement("li");
  li.className = "result";
  if (r.thumb) {
    const img = document.createElement("img");
    img.src = r.thumb; img.alt = ""; img.loading = "lazy"; img.width = 96; img.height = 72;
    li.append(img);
  }
  const body = document.createElement("div");
  const h = document.createElement("h2");
  const a = document.createElement("a");
  a.href = r.url;
  if (r.kind === "plot") a.append(nameNode(r.title)); else a.textContent = r.title;
  h.append(a);
  const meta = document.createElement("p");
  meta.className = "meta";
  const parts = [r.kindLabel, r.district && nameNode("อำเภอ" + r.district), r.date].filter(Boolean);
  parts.forEach((part, i) => meta.append(...(i ? [" · ", part] : [part])));
  const p = document.createElement("p");
  const mark = document.createElement("mark");
  mark.textContent = r.snippet.match;
  p.append(r.snippet.before, mark, r.snippet.after);
  body.append(h, meta, p);
  li.append(body);
  return li;
}

if (typeof document !== "undefined") page();
