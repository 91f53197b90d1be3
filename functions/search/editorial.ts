/**
 * Editorial rules applied to a search, above the engine port: both engines give the same answer.
 * The engine is asked for the top of its list (the page's depth plus the excluded ids), the pinned
 * and hidden ids are taken out, and the pinned articles — those public and within the search's
 * filters — are put in front.
 */
import type { Article } from "../articles/model.js";
import type { Curation } from "../store/rules.js";
import { escapeHtml } from "./highlight.js";
import { foldText } from "../text/index.js";
import { MAX_TOTAL_HITS, type SearchEngine, type SearchFilters, type SearchHit, type SearchRequest, type SearchResult } from "./engine.js";

/** Words of a pinned article's summary shown when the engine did not return it with highlights. */
const PINNED_SNIPPET_CHARS = 240;

export async function curatedSearch(
  engine: SearchEngine,
  req: SearchRequest,
  curation: Curation,
  loadArticles: (ids: string[]) => Promise<Article[]>,
): Promise<SearchResult> {
  const stored = new Map((curation.pin.length ? await loadArticles(curation.pin) : []).map((a) => [a.id, a]));
  const accept = articleFilter(req.filters);
  const pinnedIds = curation.pin.filter((id) => stored.has(id) && accept(stored.get(id)!));
  const excluded = new Set([...pinnedIds, ...curation.hide]);

  const start = (req.page - 1) * req.limit;
  const end = req.page * req.limit;
  const depth = Math.min(MAX_TOTAL_HITS, Math.max(1, end - pinnedIds.length + excluded.size));
  const top = await engine.search({ ...req, page: 1, limit: depth });

  const fromEngine = new Map(top.hits.map((h) => [h.id, h]));
  const pinned = pinnedIds.map((id) => fromEngine.get(id) ?? pinnedHit(stored.get(id)!));
  const ranked = top.hits.filter((h) => !excluded.has(h.id));
  // Exact when the engine's whole list fit in `depth`; otherwise excluded ids further down are not known.
  const excludedSeen = top.hits.length - ranked.length;
  const total = Math.min(MAX_TOTAL_HITS, Math.max(0, top.total - excludedSeen) + pinned.length);
  return { total, hits: [...pinned, ...ranked].slice(start, end), facets: top.facets };
}

/** The request's filters checked on a stored article, as the engines check them on documents. */
function articleFilter(filters: SearchFilters): (a: Article) => boolean {
  const anyOf = (values: string[] | undefined) => (values?.length ? new Set(values.map(foldText)) : null);
  const tags = anyOf(filters.tags);
  const authors = anyOf(filters.authors);
  const language = anyOf(filters.language);
  const section = anyOf(filters.section);
  const from = filters.from ? Date.parse(filters.from) : -Infinity;
  const to = filters.to ? Date.parse(filters.to) : Infinity;
  return (a) => {
    if (tags && !a.tags.some((t) => tags.has(foldText(t)))) return false;
    if (authors && !a.authors.some((x) => authors.has(foldText(x)))) return false;
    if (language && !language.has(foldText(a.language))) return false;
    if (section && !section.has(foldText(a.section))) return false;
    const t = Date.parse(a.publishedAt);
    return t >= from && t <= to;
  };
}

function pinnedHit(a: Article): SearchHit {
  const lead = a.summary.length > PINNED_SNIPPET_CHARS ? `${a.summary.slice(0, PINNED_SNIPPET_CHARS).replace(/\s+\S*$/, "")} …` : a.summary;
  return {
    id: a.id,
    title: a.title,
    url: a.url,
    summary: a.summary,
    publishedAt: a.publishedAt,
    tags: a.tags,
    authors: a.authors,
    imageUrl: a.imageUrl,
    language: a.language,
    section: a.section,
    // A pinned article stands for itself, not for its story.
    storyId: a.id,
    highlight: { title: escapeHtml(a.title), snippet: escapeHtml(lead) },
  };
}
