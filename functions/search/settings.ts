/**
 * Meilisearch index settings as data. Applied by the adapter's init(), which only the reindex job
 * (and local start-up) calls: once per deploy, before that deploy's documents are rebuilt.
 */
import type { Settings, Synonyms } from "meilisearch";
import { MAX_TOTAL_HITS } from "./engine.js";
import { STOP_WORDS, STOP_WORDS_AS_WRITTEN } from "../text/index.js";

const MEILISEARCH_STOP_WORDS = [...new Set([...STOP_WORDS, ...STOP_WORDS_AS_WRITTEN])].sort();

export const PRIMARY_KEY = "id";

/**
 * Latin-script match keys of each text field (text.ts latinSearchText): let a Latin query find
 * Cyrillic or Azerbaijani-accented articles and the reverse. One per field, never joined, so a
 * phrase or a word pair cannot run from the end of a title into the summary.
 */
export const LATIN_FIELDS = { title: "titleLatin", summary: "summaryLatin", body: "bodyLatin" } as const;

/** Order matters: the `attribute` ranking rule prefers matches in earlier attributes; a field and its Latin keys rank alike. */
export const SEARCHABLE_ATTRIBUTES = ["title", LATIN_FIELDS.title, "summary", LATIN_FIELDS.summary, "body", LATIN_FIELDS.body] as const;

/**
 * Filters compare folded values (text.ts foldText: case, accents, Azerbaijani letters), exactly as
 * the embedded engine does, so `authors=Hasanova` finds "Həsənova" in both. Facets count the
 * values as written, from the original fields.
 */
export const FOLDED_FILTER_FIELDS = { tags: "tagsFolded", authors: "authorsFolded", language: "languageFolded", section: "sectionFolded" } as const;

/** The field every sort and date filter uses: publishedAt as epoch milliseconds, compared as the embedded engine does. */
export const DATE_FIELD = "publishedAtMs";

/** The story of a document: collapse=story asks for one hit per value (`distinct`, which must be filterable). */
export const STORY_FIELD = "storyId";

export const FILTERABLE_ATTRIBUTES = ["tags", "authors", "language", "month", ...Object.values(FOLDED_FILTER_FIELDS), DATE_FIELD, STORY_FIELD] as const;

export const SORTABLE_ATTRIBUTES = [DATE_FIELD] as const;
export const NEWEST_FIRST = `${DATE_FIELD}:desc`;

export const MEILISEARCH_SETTINGS = {
  searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
  filterableAttributes: [...FILTERABLE_ATTRIBUTES],
  sortableAttributes: [...SORTABLE_ATTRIBUTES],
  // Meilisearch's default rules with `sort` moved up behind `words`. The sort rule only acts when a
  // request carries `sort`, so relevance ranking is the default order unchanged; with sort=newest,
  // stories matching all words come strictly newest first instead of date only breaking ties left
  // after typo/proximity/attribute (the embedded engine orders newest the same way). Recency is the
  // last tie-breaker between equally relevant stories.
  rankingRules: ["words", "sort", "typo", "proximity", "attribute", "exactness", NEWEST_FIRST],
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    // Years, bill numbers and vote counts must match exactly: "2024" must not find "2023".
    disableOnNumbers: true,
  },
  faceting: {
    maxValuesPerFacet: 100,
    // Default is alphabetical, which would cut the most used tags when a facet has more than 100 values.
    sortFacetValuesBy: { "*": "count" },
  },
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
  // The same generic en/ru/az lists the embedded engine leaves out of matching (functions/text/stop-words.ts),
  // in folded and as-written forms (Meilisearch compares stop words with its normalised tokens).
  stopWords: MEILISEARCH_STOP_WORDS,
  localizedAttributes: [
    { attributePatterns: ["title", "summary", "body"], locales: ["eng", "rus", "aze"] },
    // Already transliterated to Latin: pinned so language detection cannot pick an unrelated
    // Latin-script language with its own segmentation rules.
    { attributePatterns: [...Object.values(LATIN_FIELDS)], locales: ["eng"] },
  ],
} satisfies Settings;

/**
 * Admin synonym groups → Meilisearch's synonyms map. Every word of a group maps to all the
 * others (multi-way synonyms); a word that sits in several groups maps to the union.
 * Words are trimmed and lower-cased (Meilisearch matches synonyms case-insensitively), blanks
 * and duplicates dropped, and groups left with fewer than two words ignored.
 */
export function mergeSynonymGroups(groups: string[][]): NonNullable<Synonyms> {
  const merged = new Map<string, Set<string>>();
  for (const group of groups) {
    const words = [...new Set(group.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0))];
    if (words.length < 2) continue;
    for (const word of words) {
      const targets = merged.get(word) ?? new Set<string>();
      for (const other of words) if (other !== word) targets.add(other);
      merged.set(word, targets);
    }
  }
  return Object.fromEntries([...merged].map(([word, targets]) => [word, [...targets]]));
}
