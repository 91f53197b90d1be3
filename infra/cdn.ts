/**
 * CloudFront in front of the API, built from infra/cdn-rules.ts: public reads and the widget
 * script cached at the edge, keyed writes, visitor endpoints and admin passed through uncached.
 * Clients use the `cdn` output as the API's base URL.
 */
import { api } from "./api";
import { CACHE_RULES, DEFAULT_RULE, type CacheRule } from "./cdn-rules";

const ORIGIN_ID = "api";
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const READ_METHODS = ["GET", "HEAD", "OPTIONS"];
/** AWS managed origin request policy "AllViewerExceptHostHeader": API Gateway needs its own Host. */
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

/**
 * Pass-through: nothing is kept unless the API explicitly allows it, for 1 s at most, and then
 * per Authorization header. The header has to be in the key for CloudFront to forward it at all.
 */
const passPolicy = new aws.cloudfront.CachePolicy("CdnPass", {
  comment: "Newsline: not cached; forwards Authorization and every query parameter",
  minTtl: 0,
  defaultTtl: 0,
  maxTtl: 1,
  parametersInCacheKeyAndForwardedToOrigin: {
    headersConfig: { headerBehavior: "whitelist", headers: { items: ["Authorization"] } },
    cookiesConfig: { cookieBehavior: "none" },
    queryStringsConfig: { queryStringBehavior: "all" },
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  },
});

/** One cache policy per public rule: its query parameters and TTLs. */
function publicPolicy(rule: CacheRule, index: number) {
  const query = rule.query ?? [];
  return new aws.cloudfront.CachePolicy(`CdnPublic${index}`, {
    comment: `Newsline: ${rule.pathPattern}`.slice(0, 128),
    minTtl: 0,
    defaultTtl: rule.defaultTtl ?? 60,
    maxTtl: rule.maxTtl ?? 300,
    parametersInCacheKeyAndForwardedToOrigin: {
      headersConfig: { headerBehavior: "none" },
      cookiesConfig: { cookieBehavior: "none" },
      queryStringsConfig: query.length ? { queryStringBehavior: "whitelist", queryStrings: { items: [...query] } } : { queryStringBehavior: "none" },
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  });
}

function behaviour(rule: CacheRule, index: number) {
  const pass = rule.cache === "pass";
  return {
    targetOriginId: ORIGIN_ID,
    viewerProtocolPolicy: "redirect-to-https",
    allowedMethods: pass ? ALL_METHODS : READ_METHODS,
    cachedMethods: ["GET", "HEAD"],
    compress: true,
    cachePolicyId: pass ? passPolicy.id : publicPolicy(rule, index).id,
    // Public rules send the origin nothing beyond the cache key: no cookie, no Authorization.
    ...(pass ? { originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST } : {}),
  };
}

export const cdn = new sst.aws.Cdn("Cdn", {
  comment: `Newsline API (${$app.stage})`,
  origins: [
    {
      originId: ORIGIN_ID,
      domainName: api.url.apply((url) => new URL(url).host),
      customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], originReadTimeout: 30 },
    },
  ],
  defaultCacheBehavior: behaviour(DEFAULT_RULE, -1),
  orderedCacheBehaviors: CACHE_RULES.map((rule, i) => ({ pathPattern: rule.pathPattern, ...behaviour(rule, i) })),
});
