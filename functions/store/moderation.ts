/**
 * Moderation rules for reviews: a review is published at once unless a rule flags it, and then it
 * waits for a moderator ("pending"). Rules are cheap text checks; none of them rejects outright.
 */
export type ModerationReason = "link" | "shouting" | "repeated-characters" | "blocked-word" | "too-short" | "too-long";

export interface ModerationResult {
  status: "published" | "pending";
  reasons: ModerationReason[];
}

export const MIN_TEXT_LENGTH = 3;
export const MAX_TEXT_LENGTH = 5000;
/** Shouting: at least this many letters, and more than this share of them upper case. */
const SHOUTING_MIN_LETTERS = 12;
const SHOUTING_UPPER_SHARE = 0.7;

const URL_PATTERN = /\b(?:https?:\/\/|ftp:\/\/|www\.)\S/i;
/** A bare domain such as "cheap-pills.com" or "example.co/x"; "U.S." or "e.g." do not match. */
const DOMAIN_PATTERN =
  /\b[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.(?:com|net|org|info|biz|io|co|me|ru|cn|xyz|top|site|online|shop|click|link|ly|tk|gg|app|dev)\b(?![.\-]\w)/i;
/** The same visible character six or more times in a row ("!!!!!!", "soooooo"). */
const REPEATED_PATTERN = /(\S)\1{5,}/u;

/** REVIEW_BLOCKLIST: comma-separated words or phrases, matched as whole words, case-insensitively. */
export function parseBlocklist(value: string): string[] {
  return [...new Set(value.split(",").map(normaliseWords).filter(Boolean))];
}

/** Lower-cased words joined by single spaces, so phrases match on word boundaries. */
function normaliseWords(text: string): string {
  return (text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");
}

const codePoints = (s: string) => [...s].length;

export function moderate(review: { text: string; displayName: string }, blocklist: string[]): ModerationResult {
  const text = review.text.trim();
  const reasons = new Set<ModerationReason>();

  if (codePoints(text) < MIN_TEXT_LENGTH) reasons.add("too-short");
  if (codePoints(text) > MAX_TEXT_LENGTH) reasons.add("too-long");
  for (const field of [text, review.displayName]) {
    if (URL_PATTERN.test(field) || DOMAIN_PATTERN.test(field)) reasons.add("link");
    if (hasBlockedWord(field, blocklist)) reasons.add("blocked-word");
  }
  if (isShouting(text)) reasons.add("shouting");
  if (REPEATED_PATTERN.test(text)) reasons.add("repeated-characters");

  return { status: reasons.size ? "pending" : "published", reasons: [...reasons] };
}

function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  const cased = letters.filter((l) => l.toLowerCase() !== l.toUpperCase());
  if (cased.length < SHOUTING_MIN_LETTERS) return false;
  const upper = cased.filter((l) => l === l.toUpperCase()).length;
  return upper / cased.length > SHOUTING_UPPER_SHARE;
}

function hasBlockedWord(text: string, blocklist: string[]): boolean {
  if (!blocklist.length) return false;
  const words = ` ${normaliseWords(text)} `;
  return blocklist.some((term) => words.includes(` ${term} `));
}
