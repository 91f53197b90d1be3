/**
 * Every key of the table is built here and nowhere else. Prefixes keep entity types apart inside
 * the generic pk/sk/gsi attributes. docs/data-model.md lists the access pattern each key serves.
 */

// Articles ------------------------------------------------------------------
export const articleKey = (id: string) => ({ pk: `ART#${id}`, sk: "ARTICLE" });
/** byTime: articles of one publication month, newest first. */
export const articleMonthPartition = (month: string) => `PUBMONTH#${month}`;
export const articleByTime = (id: string, publishedAt: string) => ({
  gsi1pk: articleMonthPartition(publishedAt.slice(0, 7)),
  gsi1sk: `${publishedAt}#${id}`,
});
/** Months that hold articles, so listing by month needs no Scan. */
export const articleMonthsKey = () => ({ pk: "META", sk: "ARTICLE_MONTHS" });
/** The article's related-stories profile (derived: written by the stream consumer and reindex). */
export const relatedProfileKey = (id: string) => ({ pk: `ART#${id}`, sk: "RELATED" });
/** byTime: the articles of one story (on their related profiles), newest first. */
export const storyPartition = (storyId: string) => `STORY#${storyId}`;
export const storyByTime = (storyId: string, publishedAt: string, id: string) => ({
  gsi1pk: storyPartition(storyId),
  gsi1sk: `${publishedAt}#${id}`,
});
/**
 * Stored-article counter, split over shards (chosen from the id) so concurrent creates rarely
 * contend for one item inside their transactions. The count is the sum of the shards.
 */
export const ARTICLE_COUNT_SHARDS = 8;
export const articleCountKey = (shard: number) => ({ pk: "META", sk: `ARTICLE_COUNT#${shard}` });
/** The cloud indexer's note after its last batch (GET /v1/admin/status). */
export const indexerStateKey = () => ({ pk: "META", sk: "INDEXER_STATE" });
export const isArticleKey = (pk: string, sk: string) => pk.startsWith("ART#") && sk === "ARTICLE";
export const articleIdFromPk = (pk: string) => pk.slice("ART#".length);

// Reading events and history ------------------------------------------------
/**
 * Idempotency marker: one item per event, written with a condition. `markerId` is a digest of
 * (visitorId, eventId) made by the events store: it neither names the visitor nor lets one
 * client's event ids clash with another's.
 */
export const eventKey = (markerId: string) => ({ pk: `EVENT#${markerId}`, sk: "EVENT" });
export const historyPartition = (visitorId: string) => `VISITOR#${visitorId}`;
/** History item: newest first by reading the partition backwards; `eventRef` keeps two reads in the same millisecond apart. */
export const historyKey = (visitorId: string, readAt: string, articleId: string, eventRef: string) => ({
  pk: historyPartition(visitorId),
  sk: `READ#${readAt}#${articleId}#${eventRef}`,
});
/** Sort-key range of the reads strictly before `readAt` (for co-reading). */
export const historyBefore = (readAt: string) => ({ from: "READ#", to: `READ#${readAt}` });
export const HISTORY_PREFIX = "READ#";

// Co-reading and trending counters ----------------------------------------------
/** Readers who read `from` also read `to`: one counter item per ordered pair. */
export const coReadKey = (fromId: string, toId: string) => ({ pk: `COREAD#${fromId}`, sk: `TO#${toId}` });
export const coReadPartition = (fromId: string) => `COREAD#${fromId}`;
/** byCount: a source article's co-read counters ordered by count. */
export const coReadByCount = (fromId: string) => ({ gsi3pk: coReadPartition(fromId) });
/**
 * Trending: one counter per (time bucket, write shard, article). A bucket is `H2026-01-31T09` (hour)
 * or `D2026-01-31` (day); the shard comes from the event id, so a bucket's writes — and one hot
 * article's writes — spread over several partitions and items.
 */
export const trendingPartition = (bucket: string, shard: number) => `TREND#${bucket}#${shard}`;
export const trendingKey = (bucket: string, shard: number, articleId: string) => ({
  pk: trendingPartition(bucket, shard),
  sk: `ART#${articleId}`,
});
/** byCount: one shard of a bucket ordered by weight (the counter itself is gsi3sk). */
export const trendingByCount = (bucket: string, shard: number) => ({ gsi3pk: trendingPartition(bucket, shard) });

/**
 * What one client address has added to one article's reading signals on one UTC day, capped by
 * the events store. `addressTag` is a digest: the table never holds a reader's address.
 */
export const signalShareKey = (day: string, addressTag: string, articleId: string) => ({ pk: `SHARE#${day}#${addressTag}`, sk: `ART#${articleId}` });

// Reviews -------------------------------------------------------------------
export const reviewKey = (articleId: string, reviewId: string) => ({ pk: `ART#${articleId}`, sk: `REVIEW#${reviewId}` });
export const reviewSummaryKey = (articleId: string) => ({ pk: `ART#${articleId}`, sk: "REVIEW_SUMMARY" });
/** byTime: published reviews of an article, newest first. */
export const publishedReviewsPartition = (articleId: string) => `REVIEWS#${articleId}`;
/** byTime: reviews waiting for a moderator, oldest first. */
export const PENDING_REVIEWS_PARTITION = "REVIEWS_PENDING";
/** byVisitor: a visitor's reviews, for erasure. */
export const visitorReviewsPartition = (visitorId: string) => `VISITOR_REVIEWS#${visitorId}`;
/** Rate limit: one counter per visitor per hour. */
export const reviewRateKey = (visitorId: string, hour: string) => ({ pk: reviewRatePartition(visitorId), sk: `REVIEWS#${hour}` });
export const reviewRatePartition = (visitorId: string) => `RATE#${visitorId}`;
export const REVIEW_PREFIX = "REVIEW#";
export const reviewByTimePublished = (articleId: string, createdAt: string, reviewId: string) => ({
  gsi1pk: publishedReviewsPartition(articleId),
  gsi1sk: `${createdAt}#${reviewId}`,
});
export const reviewByTimePending = (updatedAt: string, articleId: string, reviewId: string) => ({
  gsi1pk: PENDING_REVIEWS_PARTITION,
  gsi1sk: `${updatedAt}#${articleId}#${reviewId}`,
});
export const reviewByVisitor = (visitorId: string, articleId: string) => ({
  gsi2pk: visitorReviewsPartition(visitorId),
  gsi2sk: `ART#${articleId}`,
});

// Editorial rules ----------------------------------------------------------------
/** Every rule and every audit entry share one small partition: the list is one Query. */
export const RULES_PARTITION = "RULES";
export const RULE_PREFIX = "RULE#";
export const RULE_AUDIT_PREFIX = "AUDIT#";
export const ruleKey = (ruleId: string) => ({ pk: RULES_PARTITION, sk: `${RULE_PREFIX}${ruleId}` });
/** byTime: the rules of one target (a normalised query, or an article's related list), by rule id. */
export const ruleTargetPartition = (target: { query: string } | { relatedTo: string }) =>
  "query" in target ? `RULEFOR#Q#${target.query}` : `RULEFOR#REL#${target.relatedTo}`;
export const ruleByTarget = (target: { query: string } | { relatedTo: string }, ruleId: string) => ({
  gsi1pk: ruleTargetPartition(target),
  gsi1sk: ruleId,
});
/** Audit entry: newest first by reading the partition's AUDIT# range backwards. */
export const ruleAuditKey = (at: string, ruleId: string, ref: string) => ({ pk: RULES_PARTITION, sk: `${RULE_AUDIT_PREFIX}${at}#${ruleId}#${ref}` });

// Search configuration and analytics ------------------------------------------
export const synonymsKey = () => ({ pk: "CONFIG", sk: "SYNONYMS" });
export const rankingKey = () => ({ pk: "CONFIG", sk: "RANKING" });
/** Counted queries per day; no visitor ids. */
export const searchQueryKey = (day: string, query: string) => ({ pk: `QUERIES#${day}`, sk: `Q#${query}` });
export const searchQueriesPartition = (day: string) => `QUERIES#${day}`;

// Background jobs ----------------------------------------------------------------
/** One item per reindex job: its state, progress and resume point. Kept 30 days (expiresAt). */
export const reindexJobKey = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: "REINDEX" });
/** Queries of one day that found nothing, ranked by byCount on that count (the row itself stays in QUERIES#). */
export const zeroQueryKey = (day: string, query: string) => ({ pk: `ZQUERIES#${day}`, sk: `Q#${query}` });
export const zeroQueriesPartition = (day: string) => `ZQUERIES#${day}`;
/** Queries an editor removed from autocomplete for good. */
export const removedSuggestionsKey = () => ({ pk: "CONFIG", sk: "SUGGEST_REMOVED" });
