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
export const isArticleKey = (pk: string, sk: string) => pk.startsWith("ART#") && sk === "ARTICLE";
export const articleIdFromPk = (pk: string) => pk.slice("ART#".length);

// Reading events and history ------------------------------------------------
/** Idempotency marker: one item per eventId, written with a condition. */
export const eventKey = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: "EVENT" });
export const historyPartition = (visitorId: string) => `VISITOR#${visitorId}`;
/** History item: newest first by reading the partition backwards. */
export const historyKey = (visitorId: string, readAt: string, articleId: string) => ({
  pk: historyPartition(visitorId),
  sk: `READ#${readAt}#${articleId}`,
});
export const HISTORY_PREFIX = "READ#";

// Co-reading and trending counters ----------------------------------------------
/** Readers who read `from` also read `to`: one counter item per ordered pair. */
export const coReadKey = (fromId: string, toId: string) => ({ pk: `COREAD#${fromId}`, sk: `TO#${toId}` });
export const coReadPartition = (fromId: string) => `COREAD#${fromId}`;
/** Trending: reads per article per hour bucket, sharded by article id so one hot article stays one item per hour. */
export const trendingKey = (hour: string, articleId: string) => ({ pk: `TREND#${hour}`, sk: `ART#${articleId}` });
/** byCount: the hour's counters ordered by reads. */
export const trendingByCount = (hour: string, reads: number) => ({ gsi3pk: `TREND#${hour}`, gsi3sk: reads });

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
export const reviewRateKey = (visitorId: string, hour: string) => ({ pk: `RATE#${visitorId}`, sk: `REVIEWS#${hour}` });

// Search configuration and analytics ------------------------------------------
export const synonymsKey = () => ({ pk: "CONFIG", sk: "SYNONYMS" });
/** Counted queries per day; no visitor ids. */
export const searchQueryKey = (day: string, query: string) => ({ pk: `QUERIES#${day}`, sk: `Q#${query}` });
export const searchQueriesPartition = (day: string) => `QUERIES#${day}`;
