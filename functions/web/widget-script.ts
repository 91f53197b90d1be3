/**
 * The embeddable widgets, GET /widgets/v1/newsline.js: <newsline-search>, <newsline-related> and
 * <newsline-trending> as standard custom elements. Plain browser JavaScript, no framework, one file
 * that a partner page includes from the API's origin; the demo pages use the same elements.
 *
 * Kept as a string so the Lambda bundle carries it without a loader; test/web/widgets.test.ts
 * parses it. It avoids backticks and dollar-brace so String.raw keeps it verbatim.
 */
export const WIDGET_SCRIPT = String.raw`/* Newsline widgets v1 */
(function () {
  "use strict";
  if (!window.customElements || customElements.get("newsline-search")) return;
  var script = document.currentScript;
  var SCRIPT_ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var FACET_TITLES = { tags: "Topics", language: "Language", authors: "Authors", month: "Month" };
  var uid = 0;

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // Highlights: only <mark> survives; every other character is decoded and escaped again.
  var decoder = document.createElement("textarea");
  function decode(html) { decoder.innerHTML = html; return decoder.value; }
  function marked(html) {
    return String(html == null ? "" : html).split(/(<\/?mark>)/).map(function (part) {
      return part === "<mark>" || part === "</mark>" ? part : esc(decode(part));
    }).join("");
  }
  function fmtDate(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "" : d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
  }
  function fmtMonth(ym) {
    var m = /^(\d{4})-(\d{2})$/.exec(ym);
    return m ? MONTHS[Number(m[2]) - 1] + " " + m[1] : ym;
  }
  function visitorId() {
    try {
      var v = localStorage.getItem("newsline-visitor");
      if (!v) { v = randomId(); localStorage.setItem("newsline-visitor", v); }
      return v;
    } catch (e) {
      return (visitorId.fallback = visitorId.fallback || randomId());
    }
  }
  function randomId() {
    return crypto.randomUUID ? crypto.randomUUID().replace(/-/g, "") : String(Math.random()).slice(2) + String(Date.now());
  }

  var CSS = [
    ":host{display:block;color:var(--newsline-color,inherit);font:var(--newsline-font,inherit);container-type:inline-size}",
    ":host([hidden]){display:none}",
    "*{box-sizing:border-box}",
    "a{color:var(--newsline-link,inherit)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--newsline-focus,#1a5fb4);outline-offset:2px}",
    "mark{background:var(--newsline-mark,#ffe58a);color:inherit;padding:0 1px}",
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    ".meta,.reasons{font-size:.85em;color:var(--newsline-muted,#5b6570)}",
    "h2.title{font:var(--newsline-heading-font,700 .9em system-ui,sans-serif);text-transform:uppercase;letter-spacing:1px;margin:0 0 6px;padding-top:8px;border-top:3px solid var(--newsline-color,currentColor)}",
    "ol.list{list-style:none;padding:0;margin:0}ol.list li{padding:8px 0;border-bottom:1px solid var(--newsline-border,#e3e6ea)}",
    "ol.list a{font-weight:700;text-decoration:none;overflow-wrap:anywhere}ol.list a:hover{text-decoration:underline}",
    ".empty{color:var(--newsline-muted,#5b6570);font-style:italic}",
    ".bar{position:relative;margin-bottom:12px}",
    ".bar input{width:100%;font:inherit;font-size:1.1em;padding:10px 12px;border:2px solid var(--newsline-color,#1b1f24);border-radius:var(--newsline-radius,4px);background:var(--newsline-background,#fff);color:inherit}",
    "[role=listbox]{position:absolute;left:0;right:0;top:100%;margin:2px 0 0;padding:4px 0;list-style:none;background:var(--newsline-background,#fff);border:1px solid var(--newsline-border,#e3e6ea);box-shadow:0 6px 20px #0002;z-index:10}",
    "[role=option]{padding:7px 12px;cursor:pointer;overflow-wrap:anywhere}[role=option][aria-selected=true],[role=option]:hover{background:var(--newsline-hover,#eef0f2)}",
    "[role=option] .kind{font-size:.8em;color:var(--newsline-muted,#5b6570)}",
    ".layout{display:grid;grid-template-columns:200px minmax(0,1fr);gap:24px}.layout.nofacets{grid-template-columns:minmax(0,1fr)}",
    ".toggle{display:none}",
    "fieldset{border:0;margin:0 0 14px;padding:0;min-width:0}legend{font:600 .75em system-ui,sans-serif;text-transform:uppercase;letter-spacing:1px;color:var(--newsline-muted,#5b6570);padding:0;margin-bottom:4px}",
    "fieldset label{display:flex;justify-content:space-between;gap:6px;padding:2px 0;cursor:pointer;font-size:.9em}fieldset label span{overflow-wrap:anywhere}",
    ".toolbar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px;font-size:.9em;color:var(--newsline-muted,#5b6570)}",
    "select,.pager button,.toggle{font:inherit;font-size:.9em;padding:6px 10px;border:1px solid var(--newsline-color,#1b1f24);background:var(--newsline-background,#fff);color:inherit;border-radius:var(--newsline-radius,3px);cursor:pointer}",
    "ol.hits{list-style:none;padding:0;margin:0}ol.hits li{padding:12px 0;border-bottom:1px solid var(--newsline-border,#e3e6ea)}",
    "ol.hits h3{font-size:1.2em;margin:0 0 4px;line-height:1.25;overflow-wrap:anywhere}ol.hits h3 a{text-decoration:none}ol.hits p{margin:4px 0;overflow-wrap:anywhere}",
    ".tag{display:inline-block;font-size:.75em;background:var(--newsline-hover,#eef0f2);border-radius:3px;padding:1px 6px;margin:2px 4px 0 0}",
    ".pager{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:16px 0}",
    "@container (max-width:640px){.layout{grid-template-columns:minmax(0,1fr)}.toggle{display:inline-block;margin-bottom:8px}.facets.closed{display:none}}",
  ].join("\n");
  var sheet = null;
  try { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); } catch (e) { sheet = null; }

  /** Common base: an open shadow root with the shared sheet, and the API base. */
  class NewslineElement extends HTMLElement {
    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      if (sheet) this.root.adoptedStyleSheets = [sheet];
      else { var style = document.createElement("style"); style.textContent = CSS; this.root.appendChild(style); }
      this.uid = "nl" + ++uid;
      this.loads = 0;
    }
    /**
     * One request per change: an upgrade calls attributeChangedCallback for every attribute and then
     * connectedCallback, all in one task, so the loads they ask for are folded into one.
     */
    scheduleLoad() {
      var self = this;
      if (this.loadQueued) return;
      this.loadQueued = true;
      queueMicrotask(function () { self.loadQueued = false; if (self.isConnected) self.load(); });
    }
    get api() { return (this.getAttribute("api") || SCRIPT_ORIGIN).replace(/\/+$/, ""); }
    get tracking() { return this.hasAttribute("track"); }
    /** Link of an article: the href template ({id}) when given, else the article's own http(s) URL. */
    link(item) {
      var t = this.getAttribute("href");
      if (t) return t.split("{id}").join(encodeURIComponent(item.id));
      return /^https?:\/\//i.test(item.url || "") ? item.url : "";
    }
    anchor(item, html) {
      var href = this.link(item);
      return href ? '<a href="' + esc(href) + '">' + html + "</a>" : "<span>" + html + "</span>";
    }
    getJson(path) {
      return fetch(this.api + path, { headers: { accept: "application/json" } }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) { return { ok: res.ok, body: body }; });
      });
    }
    sendEvent(articleId, type, dwellMs) {
      var event = { eventId: randomId(), visitorId: visitorId(), articleId: articleId, type: type };
      if (dwellMs) event.dwellMs = dwellMs;
      return fetch(this.api + "/v1/events", {
        method: "POST", keepalive: true, headers: { "content-type": "application/json" }, body: JSON.stringify({ events: [event] }),
      }).catch(function () {});
    }
    limit(def, max) {
      var n = Number(this.getAttribute("limit") || def);
      return Math.max(1, Math.min(max, Math.floor(n) || def));
    }
    renderList(heading, items, meta, empty) {
      var id = this.uid + "-h";
      var self = this;
      this.root.innerHTML = '<section aria-labelledby="' + id + '"><h2 class="title" id="' + id + '" part="title">' + esc(heading) + "</h2>" +
        (items.length ? '<ol class="list" part="list">' + items.map(function (it) {
          return "<li>" + self.anchor(it, esc(it.title)) + '<div class="reasons">' + meta(it) + "</div></li>";
        }).join("") + "</ol>" : '<p class="empty">' + esc(empty) + "</p>") + "</section>";
    }
  }

  /** <newsline-related article="ID" [api] [limit] [href] [heading] [track]> */
  class NewslineRelated extends NewslineElement {
    static get observedAttributes() { return ["article", "limit"]; }
    connectedCallback() { this.scheduleLoad(); this.startTracking(); }
    disconnectedCallback() { clearTimeout(this.readTimer); }
    attributeChangedCallback() { this.scheduleLoad(); }
    load() {
      var self = this, article = this.getAttribute("article"), seq = ++this.loads;
      if (!article) return;
      var q = "?limit=" + this.limit(5, 20) + (this.tracking ? "&visitor=" + visitorId() : "");
      this.getJson("/v1/articles/" + encodeURIComponent(article) + "/related" + q).then(function (r) {
        if (seq !== self.loads) return; // a newer article or limit is on its way
        var heading = self.getAttribute("heading") || "Related stories";
        if (!r.ok) return self.renderList(heading, [], null, "Related stories are not available.");
        self.renderList(heading, r.body.items || [], function (it) {
          return esc(fmtDate(it.publishedAt)) + ((it.reasons || []).length ? " · " + esc(it.reasons.join(" · ")) : "");
        }, "No related stories yet.");
      }, function () { if (seq === self.loads) self.renderList("Related stories", [], null, "Related stories are not available."); });
    }
    /** With track: a view now, and a read once the reader has stayed a while on the page. */
    startTracking() {
      var article = this.getAttribute("article"), self = this;
      if (!this.tracking || !article || this.tracked) return;
      this.tracked = true;
      this.sendEvent(article, "view");
      var dwell = Math.max(1000, Number(this.getAttribute("read-after") || 8000));
      this.readTimer = setTimeout(function () { if (document.visibilityState !== "hidden") self.sendEvent(article, "read", dwell); }, dwell);
    }
  }

  /** <newsline-trending [api] [window=1h|24h|7d] [limit] [href] [heading]> */
  class NewslineTrending extends NewslineElement {
    static get observedAttributes() { return ["window", "limit"]; }
    connectedCallback() { this.scheduleLoad(); }
    attributeChangedCallback() { this.scheduleLoad(); }
    load() {
      var self = this, win = this.getAttribute("window") || "24h", seq = ++this.loads;
      this.getJson("/v1/trending?window=" + encodeURIComponent(win) + "&limit=" + this.limit(5, 50)).then(function (r) {
        if (seq !== self.loads) return;
        var heading = self.getAttribute("heading") || "Most read";
        if (!r.ok) return self.renderList(heading, [], null, "Trending stories are not available.");
        self.renderList(heading, r.body.items || [], function (it) {
          return esc(fmtDate(it.publishedAt)) + (it.reads ? " · " + esc(it.reads) + (it.reads === 1 ? " read" : " reads") : "");
        }, "Nothing is trending yet.");
      }, function () { if (seq === self.loads) self.renderList("Most read", [], null, "Trending stories are not available."); });
    }
  }

  /**
   * <newsline-search [api] [href] [limit] [facets="tags,language,authors,month"] [sync-url] [placeholder]>
   * A search box with suggestions (ARIA combobox with a listbox), results with highlights, facets
   * whose counts ignore their own selection, sorting and paging.
   */
  class NewslineSearch extends NewslineElement {
    connectedCallback() {
      if (this.built) return;
      this.built = true;
      var id = this.uid;
      this.facetNames = (this.getAttribute("facets") || "").split(",").map(function (s) { return s.trim(); }).filter(function (f) { return FACET_TITLES[f]; });
      this.state = { q: "", page: 1, sort: "relevance", filters: {} };
      this.seq = 0;
      this.options = [];
      this.active = -1;
      this.root.innerHTML =
        '<div class="bar" role="search">' +
        '<label class="vh" for="' + id + '-q">Search stories</label>' +
        '<input id="' + id + '-q" type="search" part="input" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="' + id + '-lb" autocomplete="off" spellcheck="false" placeholder="' +
        esc(this.getAttribute("placeholder") || "Search stories: people, places, events…") + '">' +
        '<ul id="' + id + '-lb" role="listbox" aria-label="Suggestions" hidden></ul>' +
        '<span class="vh" role="status" aria-live="polite"></span></div>' +
        '<div class="layout' + (this.facetNames.length ? "" : " nofacets") + '">' +
        (this.facetNames.length ? '<div><button type="button" class="toggle" aria-expanded="false" aria-controls="' + id + '-facets">Filters</button>' +
          '<div id="' + id + '-facets" class="facets closed" role="group" aria-label="Filters"></div></div>' : "") +
        '<div class="out"><div class="toolbar" role="status" aria-live="polite"></div><div class="results"></div></div></div>';
      var $ = this.root.querySelector.bind(this.root);
      this.input = $("input");
      this.listbox = $("[role=listbox]");
      this.announcer = $(".bar [role=status]");
      this.toolbar = $(".toolbar");
      this.results = $(".results");
      this.facetsEl = $(".facets");
      var toggle = $(".toggle");
      if (toggle) toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        this.facetsEl.classList.toggle("closed", !open);
      }.bind(this));
      this.bindInput();
      if (this.hasAttribute("sync-url")) {
        this.readUrl();
        this.search();
      }
    }

    bindInput() {
      var self = this;
      this.input.addEventListener("input", function () {
        clearTimeout(self.typing);
        self.suggest();
        self.typing = setTimeout(function () {
          var q = self.input.value.trim();
          if (q || self.hasAttribute("sync-url")) { self.state.q = q; self.state.page = 1; self.search(); }
        }, 150);
      });
      this.input.addEventListener("keydown", function (e) {
        var open = !self.listbox.hidden && self.options.length > 0;
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          if (!open) { if (self.options.length) self.openList(); return; }
          e.preventDefault();
          var n = self.options.length;
          self.setActive(self.active < 0 ? (e.key === "ArrowDown" ? 0 : n - 1) : (self.active + (e.key === "ArrowDown" ? 1 : -1) + n) % n);
        } else if (e.key === "Enter") {
          e.preventDefault();
          if (open && self.active >= 0) self.choose(self.active);
          else self.run();
        } else if (e.key === "Escape") {
          // Closes the suggestions only; the query stays.
          if (open) { e.preventDefault(); self.closeList(); }
        } else if (e.key === "Tab") {
          self.closeList();
        }
      });
      this.input.addEventListener("blur", function () { setTimeout(function () { self.closeList(); }, 120); });
    }

    suggest() {
      var self = this, q = this.input.value.trim();
      if (!q) { this.options = []; this.closeList(); return; }
      this.getJson("/v1/suggest?limit=6&q=" + encodeURIComponent(q)).then(function (r) {
        if (q !== self.input.value.trim() || !r.ok) return;
        var options = (r.body.queries || []).map(function (s) {
          return { html: '<span class="kind">Search: </span>' + marked(s.highlight), label: s.query, query: s.query };
        }).concat((r.body.suggestions || []).map(function (s) {
          return { html: marked(s.highlight), label: s.title, item: s };
        }));
        self.options = options;
        self.active = -1;
        self.listbox.innerHTML = options.map(function (o, i) {
          return '<li role="option" id="' + self.uid + "-opt" + i + '" aria-selected="false" data-i="' + i + '">' + o.html + "</li>";
        }).join("");
        Array.prototype.forEach.call(self.listbox.children, function (li) {
          li.addEventListener("mousedown", function (e) { e.preventDefault(); self.choose(Number(li.getAttribute("data-i"))); });
        });
        if (options.length && self.root.activeElement === self.input) self.openList(); else self.closeList();
        self.announcer.textContent = options.length ? options.length + " suggestions; use the arrow keys to choose." : "";
      }, function () {});
    }
    openList() {
      this.listbox.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }
    closeList() {
      this.listbox.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
      this.active = -1;
      Array.prototype.forEach.call(this.listbox.children, function (li) { li.setAttribute("aria-selected", "false"); });
    }
    setActive(i) {
      this.active = i;
      var lis = this.listbox.children;
      for (var k = 0; k < lis.length; k++) lis[k].setAttribute("aria-selected", String(k === i));
      this.input.setAttribute("aria-activedescendant", lis[i].id);
      lis[i].scrollIntoView({ block: "nearest" });
    }
    choose(i) {
      var o = this.options[i];
      if (!o) return;
      this.closeList();
      if (o.query) { this.input.value = o.query; this.run(); return; }
      var href = this.link(o.item);
      if (href) location.href = href;
      else { this.input.value = o.label; this.run(); }
    }
    run() {
      // Enter searches now: the search the last keystroke scheduled would only repeat it.
      clearTimeout(this.typing);
      this.closeList();
      this.state.q = this.input.value.trim();
      this.state.page = 1;
      this.search();
    }

    readUrl() {
      var p = new URLSearchParams(location.search), st = this.state;
      st.q = p.get("q") || "";
      st.page = Math.max(1, Number(p.get("page")) || 1);
      st.sort = p.get("sort") === "newest" ? "newest" : "relevance";
      st.filters = {};
      this.facetNames.forEach(function (f) { if (p.get(f)) st.filters[f] = p.get(f).split(","); });
      this.input.value = st.q;
    }
    writeUrl() {
      var p = new URLSearchParams(), st = this.state;
      if (st.q) p.set("q", st.q);
      if (st.page > 1) p.set("page", String(st.page));
      if (st.sort !== "relevance") p.set("sort", st.sort);
      Object.keys(st.filters).forEach(function (k) { if (st.filters[k].length) p.set(k, st.filters[k].join(",")); });
      var qs = p.toString();
      history.replaceState(null, "", qs ? "?" + qs : location.pathname);
    }

    search() {
      var self = this, st = this.state, mine = ++this.seq;
      var p = new URLSearchParams({ q: st.q, page: String(st.page), limit: String(this.limit(10, 50)), sort: st.sort });
      if (this.facetNames.length) { p.set("facets", this.facetNames.join(",")); p.set("facetCounts", "disjunctive"); }
      Object.keys(st.filters).forEach(function (k) { if (st.filters[k].length) p.set(k, st.filters[k].join(",")); });
      this.getJson("/v1/search?" + p).then(function (r) {
        if (mine !== self.seq) return; // a newer search won
        if (!r.ok) { self.results.innerHTML = '<p class="empty">' + esc(r.body.detail || r.body.title || "Search is not available.") + "</p>"; return; }
        if (self.hasAttribute("sync-url")) self.writeUrl();
        self.render(r.body);
      }, function () { if (mine === self.seq) self.results.innerHTML = '<p class="empty">Search is not available.</p>'; });
    }

    render(data) {
      var self = this, st = this.state;
      var total = data.total + (data.totalRelation === "gte" ? "+" : "");
      this.toolbar.innerHTML = "<span>" + esc(total) + (data.total === 1 ? " story" : " stories") + "</span>" +
        '<label>Sort by <select><option value="relevance">Most relevant</option><option value="newest">Newest first</option></select></label>';
      var sort = this.toolbar.querySelector("select");
      sort.value = st.sort;
      sort.addEventListener("change", function () { st.sort = sort.value; st.page = 1; self.focusKey = "sort"; self.search(); });
      var hits = data.hits || [];
      this.results.innerHTML = hits.length ? '<ol class="hits" part="results">' + hits.map(function (h) {
        return "<li><h3>" + self.anchor(h, marked(h.highlight && h.highlight.title || esc(h.title))) + "</h3>" +
          '<div class="meta">' + esc(fmtDate(h.publishedAt)) + ((h.authors || []).length ? " · " + esc(h.authors.join(", ")) : "") + "</div>" +
          "<p>" + marked(h.highlight && h.highlight.snippet) + "</p>" +
          (h.tags || []).map(function (t) { return '<span class="tag">' + esc(t) + "</span>"; }).join("") + "</li>";
      }).join("") + "</ol>" + this.pager(data) : '<p class="empty">No stories match. Try fewer words or another spelling.</p>';
      Array.prototype.forEach.call(this.results.querySelectorAll(".pager button"), function (b) {
        b.addEventListener("click", function () {
          st.page = Number(b.getAttribute("data-page"));
          self.focusKey = "results";
          self.search();
          self.input.scrollIntoView({ block: "nearest" });
        });
      });
      if (this.facetsEl) this.renderFacets(data.facets || {});
      this.restoreFocus();
    }

    /** Re-rendering replaces the control a keyboard user was on: put focus back on its successor. */
    restoreFocus() {
      var key = this.focusKey;
      this.focusKey = null;
      if (!key) return;
      var el = key === "sort" ? this.toolbar.querySelector("select")
        : key === "results" ? this.results.querySelector("ol.hits a")
        : Array.prototype.find.call(this.facetsEl ? this.facetsEl.querySelectorAll("input") : [], function (b) { return b.getAttribute("data-facet") + "=" + b.value === key; });
      if (el) el.focus();
    }

    /** Labels follow the order: "Newer/Older" only when the list is by date. */
    pager(data) {
      var pages = Math.ceil(Math.min(data.total, 1000) / data.limit);
      if (pages <= 1) return "";
      var byDate = this.state.sort === "newest";
      return '<nav class="pager" aria-label="Pages">' +
        (data.page > 1 ? '<button type="button" data-page="' + (data.page - 1) + '">' + (byDate ? "← Newer" : "← Previous") + "</button>" : "") +
        '<span class="meta">Page ' + data.page + " of " + pages + "</span>" +
        (data.page < pages ? '<button type="button" data-page="' + (data.page + 1) + '">' + (byDate ? "Older →" : "Next →") + "</button>" : "") + "</nav>";
    }

    renderFacets(facets) {
      var self = this, st = this.state;
      this.facetsEl.innerHTML = this.facetNames.map(function (name) {
        var chosen = st.filters[name] || [];
        var counts = facets[name] || {};
        chosen.forEach(function (v) { if (!(v in counts)) counts[v] = 0; });
        var values = Object.keys(counts).sort(function (a, b) {
          return name === "month" ? b.localeCompare(a) : counts[b] - counts[a] || a.localeCompare(b);
        }).slice(0, Math.max(8, chosen.length));
        if (!values.length) return "";
        return "<fieldset><legend>" + esc(FACET_TITLES[name]) + "</legend>" + values.map(function (v) {
          return '<label><span><input type="checkbox" data-facet="' + esc(name) + '" value="' + esc(v) + '"' + (chosen.indexOf(v) >= 0 ? " checked" : "") + "> " +
            esc(name === "month" ? fmtMonth(v) : v) + "</span><small>" + esc(counts[v]) + "</small></label>";
        }).join("") + "</fieldset>";
      }).join("");
      Array.prototype.forEach.call(this.facetsEl.querySelectorAll("input"), function (box) {
        box.addEventListener("change", function () {
          var f = box.getAttribute("data-facet"), cur = (st.filters[f] || []).filter(function (v) { return v !== box.value; });
          if (box.checked) cur.push(box.value);
          st.filters[f] = cur;
          st.page = 1;
          self.focusKey = f + "=" + box.value;
          self.search();
        });
      });
    }
  }

  customElements.define("newsline-search", NewslineSearch);
  customElements.define("newsline-related", NewslineRelated);
  customElements.define("newsline-trending", NewslineTrending);
})();
`;
