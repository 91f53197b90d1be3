/**
 * Secrets, set per stage with `npx sst secret set <Name> <value> --stage <stage>` (docs/deploy.md).
 * Linked functions read them through `Resource` in functions/lambda/cloud.ts, decrypted at start.
 */

/** Base URL of the Meilisearch server, e.g. https://search.example.com */
export const meilisearchHost = new sst.Secret("MeilisearchHost");
/** A Meilisearch key allowed to search, manage documents and change index settings. */
export const meilisearchApiKey = new sst.Secret("MeilisearchApiKey");
/** The key with every scope (articles:write, admin); 16+ characters. */
export const adminApiKey = new sst.Secret("AdminApiKey");
/** More keys, `name:key:scope1+scope2` separated by commas (e.g. the CMS with articles:write). Optional. */
export const apiKeys = new sst.Secret("ApiKeys", "");

export const searchSecrets = [meilisearchHost, meilisearchApiKey];
export const keySecrets = [adminApiKey, apiKeys];
