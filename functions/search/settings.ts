/**
 * Meilisearch index settings as data. Applied by the adapter's init() before any document,
 * so the first indexing pass already uses them (no re-index on a settings change at start).
 */
import type { Settings, Synonyms } from "meilisearch";
import { MAX_TOTAL_HITS } from "./engine.js";

export const PRIMARY_KEY = "id";

/** Order matters: the `attribute` ranking rule prefers matches in earlier attributes. */
export const SEARCHABLE_ATTRIBUTES = [
  "title",
  "summary",
  "body",
  // Latin-script, accent-folded copy of title + summary + body (text.ts latinSearchText):
  // lets a Latin query find Cyrillic or Azerbaijani-accented articles and the reverse.
  "latin",
] as const;

export const FILTERABLE_ATTRIBUTES = ["tags", "authors", "language", "section", "publishedAtTs", "month"] as const;

export const SORTABLE_ATTRIBUTES = ["publishedAtTs"] as const;

/** The field every sort and date filter uses: publishedAt as epoch seconds (numbers compare, strings do not). */
export const DATE_FIELD = "publishedAtTs";
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
  // Empty on purpose. The index mixes English, Russian and Azerbaijani, and a short word that is
  // noise in one language is content in another ("bu", "da", "on"); stop words would also make
  // Meilisearch drop words the embedded engine keeps, so the two adapters would rank differently.
  stopWords: [],
  localizedAttributes: [
    { attributePatterns: ["title", "summary", "body"], locales: ["eng", "rus", "aze"] },
    // Already transliterated to Latin: pin it so language detection cannot pick an unrelated
    // Latin-script language with its own segmentation rules.
    { attributePatterns: ["latin"], locales: ["eng"] },
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
