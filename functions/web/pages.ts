import { Hono } from "hono";
import type { Services } from "../services.js";
import type { Article } from "../articles/model.js";
import { escapeHtml } from "../search/highlight.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";
import { STYLE } from "./style.css.js";
import { SEARCH_SCRIPT } from "./search-page.js";
import { ARTICLE_SCRIPT } from "./article-page.js";

/** Demo pages served by the local server: the search box and an article page with its widgets. */
export function webRoutes(s: Services) {
  const app = new Hono();
  app.get("/assets/style.css", (c) => c.body(STYLE, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=300" }));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/", (c) => c.html(layout("Politics — News Line", searchBody())));
  app.get("/articles/:id", async (c) => {
    const id = c.req.param("id");
    const article = ARTICLE_ID_PATTERN.test(id) ? await s.articles.get(id) : null;
    if (!article) return c.html(layout("Not found — News Line", '<main class="wrap"><p class="empty">This story does not exist or was removed. <a href="/">Back to search</a></p></main>'), 404);
    return c.html(layout(`${article.title} — News Line`, articleBody(article), article.id));
  });
  return app;
}

function layout(title: string, body: string, articleId?: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/style.css"></head>
<body${articleId ? ` data-article="${escapeHtml(articleId)}"` : ""}>
<header class="site"><div class="wrap"><div class="brand"><a href="/"><strong>News Line</strong></a><span>Politics</span></div></div></header>
${body}</body></html>`;
}

function searchBody() {
  return `<div class="site wrap"><div class="searchbar" role="search">
<input id="q" type="search" placeholder="Search politics: people, places, stories…" autocomplete="off" autofocus aria-label="Search" aria-controls="suggest">
<ul id="suggest" class="suggest" role="listbox" hidden></ul></div></div>
<main class="wrap"><aside id="facets" aria-label="Filters"></aside>
<section><div id="toolbar" class="toolbar"></div><div id="results" aria-live="polite"></div></section></main>
<script type="module">${SEARCH_SCRIPT}</script>`;
}

function articleBody(a: Article) {
  const date = new Date(a.publishedAt).toUTCString().slice(0, 16);
  const paragraphs = a.body.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  return `<main class="wrap" style="display:block"><article class="story">
<div class="meta"><a href="/">← Search</a> · ${escapeHtml(a.section)}</div>
<h1>${escapeHtml(a.title)}</h1>
<div class="meta">${escapeHtml(date)}${a.authors.length ? ` · ${escapeHtml(a.authors.join(", "))}` : ""} · ${escapeHtml(a.language)}</div>
<p><strong>${escapeHtml(a.summary)}</strong></p>
<div class="body">${paragraphs}</div>
<div>${a.tags.map((t) => `<a class="tag" href="/?tags=${encodeURIComponent(t)}">${escapeHtml(t)}</a>`).join("")}</div>
<section class="widget" id="related"><h3>Related stories</h3><ol><li class="empty">Loading…</li></ol></section>
<section class="widget" id="reviews"><h3>Reviews</h3><p id="review-summary" class="meta"></p><div id="reviews-list"></div>
<h3>Leave a review</h3>
<form class="review-form"><label>Rating <select name="rating">${[5, 4, 3, 2, 1].map((n) => `<option value="${n}">${"★".repeat(n)}</option>`).join("")}</select></label>
<input name="displayName" placeholder="Your name" maxlength="80" required>
<textarea name="text" rows="4" placeholder="What did you think of this story?" maxlength="5000" required></textarea>
<button class="primary" type="submit">Post review</button><p id="review-note" class="notice" hidden></p></form></section>
</article></main>
<script type="module">${ARTICLE_SCRIPT}</script>`;
}
