import { Hono } from "hono";
import type { Services } from "../services.js";
import type { Article } from "../articles/model.js";
import { escapeHtml } from "../search/highlight.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";
import { STYLE } from "./style.css.js";
import { ARTICLE_SCRIPT } from "./article-page.js";
import { WIDGET_PATH } from "./widgets.js";

/**
 * Demo pages served by the local server: the search page and an article page, built from the same
 * embeddable widgets a partner site uses (widget-script.ts). Scripts are files, not inline, so the
 * pages' Content-Security-Policy allows scripts from this origin only.
 */
export function webRoutes(s: Services) {
  const app = new Hono();
  app.get("/assets/style.css", (c) => c.body(STYLE, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=300" }));
  app.get("/assets/article.js", (c) => c.body(ARTICLE_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300" }));
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
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/style.css"><script src="${WIDGET_PATH}" defer></script></head>
<body${articleId ? ` data-article="${escapeHtml(articleId)}"` : ""}>
<header class="site"><div class="wrap"><div class="brand"><a href="/"><strong>News Line</strong></a><span>Politics</span></div></div></header>
${body}</body></html>`;
}

function searchBody() {
  return `<main class="wrap home"><h1 class="vh">Search politics</h1>
<newsline-search sync-url facets="tags,language,authors,month" href="/articles/{id}" placeholder="Search politics: people, places, stories…"></newsline-search>
<aside class="side" aria-label="Trending"><newsline-trending window="7d" limit="5" href="/articles/{id}"></newsline-trending></aside></main>`;
}

function articleBody(a: Article) {
  const date = new Date(a.publishedAt).toUTCString().slice(0, 16);
  const paragraphs = a.body.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  return `<main class="wrap story-page"><article class="story">
<div class="meta"><a href="/">← Search</a> · ${escapeHtml(a.section)}</div>
<h1>${escapeHtml(a.title)}</h1>
<div class="meta">${escapeHtml(date)}${a.authors.length ? ` · ${escapeHtml(a.authors.join(", "))}` : ""} · ${escapeHtml(a.language)}</div>
<p><strong>${escapeHtml(a.summary)}</strong></p>
<div class="body">${paragraphs}</div>
<div>${a.tags.map((t) => `<a class="tag" href="/?tags=${encodeURIComponent(t)}">${escapeHtml(t)}</a>`).join("")}</div>
<newsline-related id="related" class="widget" article="${escapeHtml(a.id)}" limit="5" href="/articles/{id}" track></newsline-related>
<section class="widget" id="reviews"><h2>Reviews</h2><p id="review-summary" class="meta"></p><div id="reviews-list"></div>
<h2>Leave a review</h2>
<form class="review-form"><label>Rating <select name="rating">${[5, 4, 3, 2, 1].map((n) => `<option value="${n}">${n} of 5 ${"★".repeat(n)}</option>`).join("")}</select></label>
<label>Your name <input name="displayName" maxlength="80" autocomplete="nickname" required></label>
<label>Your review <textarea name="text" rows="4" maxlength="5000" required></textarea></label>
<button class="primary" type="submit">Post review</button><p id="review-note" class="notice" hidden></p></form></section>
</article></main>
<script src="/assets/article.js" defer></script>`;
}
