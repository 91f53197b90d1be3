/** Client script of the search page: search-as-you-type, suggestions, facets, paging. */
export const SEARCH_SCRIPT = `
const $ = (s) => document.querySelector(s);
const input = $("#q"), list = $("#suggest"), results = $("#results"), facetsEl = $("#facets"), toolbar = $("#toolbar");
const state = { q: "", page: 1, sort: "relevance", filters: {} };
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const fmtDate = (iso) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
let seq = 0, timer;

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.q = p.get("q") ?? ""; state.page = Number(p.get("page") ?? 1); state.sort = p.get("sort") ?? "relevance";
  state.filters = {};
  for (const f of ["tags", "language", "authors", "month"]) if (p.get(f)) state.filters[f] = p.get(f).split(",");
  input.value = state.q;
}
function writeUrl() {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.page > 1) p.set("page", state.page);
  if (state.sort !== "relevance") p.set("sort", state.sort);
  for (const [k, v] of Object.entries(state.filters)) if (v.length) p.set(k, v.join(","));
  history.replaceState(null, "", p.toString() ? "?" + p : location.pathname);
}
function monthRange(months) {
  const sorted = [...months].sort();
  const [y, m] = sorted[sorted.length - 1].split("-").map(Number);
  return { from: sorted[0] + "-01", to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
}

async function search() {
  const mine = ++seq;
  const p = new URLSearchParams({ q: state.q, page: state.page, limit: 10, sort: state.sort, facets: "tags,language,authors,month" });
  for (const f of ["tags", "language", "authors"]) if (state.filters[f]?.length) p.set(f, state.filters[f].join(","));
  if (state.filters.month?.length) { const r = monthRange(state.filters.month); p.set("from", r.from); p.set("to", r.to); }
  const res = await fetch("/v1/search?" + p);
  const data = await res.json();
  if (mine !== seq) return; // a newer keystroke won
  if (!res.ok) { results.innerHTML = '<p class="notice err">' + esc(data.detail || data.title) + "</p>"; return; }
  writeUrl();
  toolbar.innerHTML = '<span>' + data.total + (data.total === 1000 ? "+" : "") + " stories · " + data.tookMs + " ms</span>" +
    '<select id="sort" aria-label="Sort"><option value="relevance">Most relevant</option><option value="newest">Newest first</option></select>';
  $("#sort").value = state.sort;
  $("#sort").onchange = (e) => { state.sort = e.target.value; state.page = 1; search(); };
  results.innerHTML = data.hits.length ? data.hits.map((h) =>
    '<div class="hit"><h2><a href="/articles/' + encodeURIComponent(h.id) + '">' + h.highlight.title + "</a></h2>" +
    '<div class="meta">' + fmtDate(h.publishedAt) + (h.authors.length ? " · " + esc(h.authors.join(", ")) : "") + " · " + esc(h.language) + "</div>" +
    "<p>" + h.highlight.snippet + "</p>" + h.tags.map((t) => '<span class="tag">' + esc(t) + "</span>").join("") + "</div>"
  ).join("") + pager(data) : '<p class="empty">No stories match. Try fewer words or another spelling.</p>';
  for (const b of results.querySelectorAll(".pager button")) b.onclick = () => { state.page = Number(b.dataset.page); search(); scrollTo(0, 0); };
  renderFacets(data.facets);
}
function pager(data) {
  const pages = Math.ceil(Math.min(data.total, 1000) / data.limit);
  if (pages <= 1) return "";
  return '<div class="pager">' + (data.page > 1 ? '<button data-page="' + (data.page - 1) + '">← Newer results</button>' : "") +
    '<span class="meta">Page ' + data.page + " of " + pages + "</span>" +
    (data.page < pages ? '<button data-page="' + (data.page + 1) + '">More results →</button>' : "") + "</div>";
}
const FACET_TITLES = { tags: "Topics", language: "Language", authors: "Authors", month: "Month" };
function renderFacets(facets) {
  facetsEl.innerHTML = Object.entries(FACET_TITLES).map(([name, title]) => {
    const values = Object.entries(facets[name] || {}).sort((a, b) => name === "month" ? b[0].localeCompare(a[0]) : b[1] - a[1]).slice(0, 8);
    if (!values.length) return "";
    return "<h3>" + title + "</h3>" + values.map(([v, n]) =>
      '<label><span><input type="checkbox" data-facet="' + name + '" value="' + esc(v) + '"' + (state.filters[name]?.includes(v) ? " checked" : "") + "> " + esc(v) + "</span><small>" + n + "</small></label>"
    ).join("");
  }).join("");
  for (const box of facetsEl.querySelectorAll("input")) box.onchange = () => {
    const f = box.dataset.facet, cur = new Set(state.filters[f] || []);
    box.checked ? cur.add(box.value) : cur.delete(box.value);
    state.filters[f] = [...cur]; state.page = 1; search();
  };
}

let active = -1;
async function suggest() {
  const q = input.value.trim();
  if (!q) { list.hidden = true; return; }
  const data = await (await fetch("/v1/suggest?limit=6&q=" + encodeURIComponent(q))).json();
  if (q !== input.value.trim()) return;
  const items = [...(data.queries || []).map((s) => ({ html: '<span class="q">🔍 ' + s.highlight + "</span>", go: () => { input.value = s.query; run(); } })),
                 ...(data.suggestions || []).map((s) => ({ html: s.highlight, go: () => (location.href = "/articles/" + encodeURIComponent(s.id)) }))];
  active = -1;
  list.innerHTML = items.map((it, i) => '<li role="option" data-i="' + i + '">' + it.html + "</li>").join("");
  list.hidden = !items.length;
  for (const li of list.children) li.onmousedown = (e) => { e.preventDefault(); items[Number(li.dataset.i)].go(); };
  list.items = items;
}
function run() { state.q = input.value.trim(); state.page = 1; list.hidden = true; search(); }
input.addEventListener("input", () => { clearTimeout(timer); suggest(); timer = setTimeout(() => { state.q = input.value.trim(); state.page = 1; search(); }, 120); });
input.addEventListener("keydown", (e) => {
  const lis = [...list.children];
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault(); if (!lis.length) return;
    active = (active + (e.key === "ArrowDown" ? 1 : -1) + lis.length) % lis.length;
    lis.forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
  } else if (e.key === "Enter") {
    if (active >= 0 && list.items && !list.hidden) list.items[active].go(); else run();
  } else if (e.key === "Escape") list.hidden = true;
});
input.addEventListener("blur", () => setTimeout(() => (list.hidden = true), 100));
readUrl();
search();
`;
