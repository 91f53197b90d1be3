/**
 * Article text cleaning at ingest: HTML or plain text in, clean plain text out
 * (paragraphs separated by "\n\n", site chrome removed, whitespace normalised).
 */
import { Parser } from "htmlparser2";

/** Elements whose whole subtree is page furniture, never article text. */
const DROPPED_ELEMENTS = new Set([
  "script", "style", "noscript", "template", "head", "title", "nav", "header", "footer", "aside", "form",
  "button", "select", "textarea", "input", "iframe", "frame", "object", "embed", "svg", "canvas", "video",
  "audio", "picture", "img", "map", "source", "track", "menu", "dialog",
]);

/** Elements that end one paragraph and start the next. */
const BLOCK_ELEMENTS = new Set([
  "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "hr",
  "tr", "table", "thead", "tbody", "tfoot", "caption", "figure", "figcaption", "section", "article", "main",
  "pre", "address", "details", "summary", "body", "html",
]);

/** ARIA roles that mark the same furniture as the dropped elements. */
const DROPPED_ROLES = new Set(["navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar", "dialog"]);

const KNOWN_TAG_NAMES =
  "a|abbr|article|aside|b|blockquote|body|button|caption|center|cite|code|dd|del|details|div|dl|dt|em|figcaption|figure|font|footer|form|h[1-6]|head|header|html|i|iframe|ins|label|li|main|mark|nav|noscript|ol|p|pre|q|s|script|section|small|span|strong|style|sub|summary|sup|svg|table|tbody|td|th|thead|time|title|tr|u|ul";
/**
 * Plain text uses angle brackets too (a stock code "<ABC>", "the <em> tag"), so a lone
 * "<tag>" is not enough: real HTML closes a known element, uses a void element, or has attributes.
 */
const HTML_SIGNALS = [
  new RegExp(`</(?:${KNOWN_TAG_NAMES})\\s*>`, "i"),
  /<(?:br|hr|img|meta|link|input|source|wbr)(?:\s[^<>]*)?\/?>/i,
  /<[a-z][a-z0-9-]*\s+[a-z_:][a-z0-9_:.-]*\s*=\s*["']/i,
  /<!--|<!doctype/i,
];

export function looksLikeHtml(input: string): boolean {
  return input.includes("<") && HTML_SIGNALS.some((signal) => signal.test(input));
}

export function cleanBody(input: string): string {
  const paragraphs = looksLikeHtml(input) ? htmlParagraphs(input) : plainTextParagraphs(input);
  return stripChrome(paragraphs.map(tidyParagraph).filter(Boolean)).join("\n\n");
}

export function cleanTitle(input: string): string {
  const text = looksLikeHtml(input) ? htmlParagraphs(input).join(" ") : decodeEntities(input);
  return collapseSpaces(text.replace(/\s+/g, " "));
}

// ---------------------------------------------------------------- whitespace

const UNICODE_SPACES = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const INVISIBLES = /[\u200B\u2060\uFEFF\u00AD]/g;
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F]/g;

const NEEDS_NORMALISING = /[\t\v\f\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000\u2060\uFEFF\u00AD\u0000-\u0008\u000E-\u001F\u007F]/;

/** Spaces of every kind become one ASCII space; line breaks are kept. */
function normaliseSpaces(text: string): string {
  if (!NEEDS_NORMALISING.test(text)) return text;
  return text.replace(INVISIBLES, "").replace(CONTROLS, "").replace(UNICODE_SPACES, " ");
}

function collapseSpaces(text: string): string {
  return normaliseSpaces(text).replace(/ {2,}/g, " ").trim();
}

const LEADING_BULLET = /^[•·▪●◦‣■□►▸➢✓✔]\s*/;

function tidyParagraph(paragraph: string): string {
  return collapseSpaces(paragraph.replace(/\s+/g, " ")).replace(LEADING_BULLET, "").trim();
}

// ---------------------------------------------------------------- HTML

function htmlParagraphs(html: string): string[] {
  const paragraphs: string[] = [];
  let current = "";
  let depth = 0;
  let droppedAt = -1; // depth of the dropped element we are inside, or -1
  let preDepth = 0;

  const endParagraph = () => {
    const text = collapseSpaces(current.replace(/\s+/g, " "));
    if (text) paragraphs.push(text);
    current = "";
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        depth++;
        if (droppedAt >= 0) return;
        if (isDropped(name, attributes)) {
          droppedAt = depth;
          return;
        }
        if (BLOCK_ELEMENTS.has(name)) endParagraph();
        else if (name === "td" || name === "th") current += " ";
        if (name === "pre") preDepth++;
      },
      onclosetag(name) {
        const wasDropped = droppedAt >= 0;
        if (droppedAt === depth) droppedAt = -1;
        depth--;
        if (wasDropped) return;
        if (BLOCK_ELEMENTS.has(name)) endParagraph();
        else if (name === "td" || name === "th") current += " ";
        if (name === "pre") preDepth--;
      },
      ontext(text) {
        if (droppedAt >= 0) return;
        if (preDepth > 0 && text.includes("\n")) {
          const lines = text.split("\n");
          lines.forEach((line, i) => {
            if (i > 0) endParagraph();
            current += line;
          });
        } else {
          current += text;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  endParagraph();
  return paragraphs;
}

function isDropped(name: string, attributes: Record<string, string>): boolean {
  if (DROPPED_ELEMENTS.has(name)) return true;
  if ("hidden" in attributes || attributes["aria-hidden"] === "true") return true;
  if (attributes.role && DROPPED_ROLES.has(attributes.role.toLowerCase())) return true;
  const style = attributes.style?.replace(/\s+/g, "").toLowerCase();
  return !!style && (style.includes("display:none") || style.includes("visibility:hidden"));
}

// ---------------------------------------------------------------- plain text

const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;
const decodedEntities = new Map<string, string>();

/** Plain text from a CMS may still carry "&amp;" or "&nbsp;"; the HTML parser knows every entity. */
function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (entity) => {
    let decoded = decodedEntities.get(entity);
    if (decoded === undefined) {
      decoded = "";
      const parser = new Parser({ ontext: (t) => (decoded += t) }, { decodeEntities: true });
      parser.end(entity);
      if (decodedEntities.size < 1000) decodedEntities.set(entity, decoded);
    }
    return decoded;
  });
}

interface Line {
  text: string;
  indent: number;
}

function plainTextParagraphs(input: string): string[] {
  const text = normaliseSpaces(decodeEntities(input).replace(/\t/g, "    ").replace(/\r\n?|[\u2028\u2029]/g, "\n"));
  const paragraphs: string[] = [];
  let block: Line[] = [];
  for (const raw of text.split("\n")) {
    const trimmed = raw.trim();
    if (!trimmed) {
      paragraphs.push(...reflowBlock(block));
      block = [];
      continue;
    }
    block.push({ text: trimmed.replace(/ {2,}/g, " "), indent: raw.length - raw.trimStart().length });
  }
  paragraphs.push(...reflowBlock(block));
  return paragraphs;
}

const LIST_ITEM_START = /^(?:[•·▪●◦‣■►–—*-]\s|\d{1,2}[.)]\s)/;
/** A hard wrap keeps lines near one width; anything wider is a paragraph per line. */
const MAX_WRAP_WIDTH = 120;

/**
 * Lines separated by single newlines: either newswire hard wrapping (join them; an indented line
 * starts a new paragraph) or one paragraph per line.
 */
function reflowBlock(lines: Line[]): string[] {
  if (lines.length <= 1) return lines.map((l) => l.text);
  const minIndent = Math.min(...lines.map((l) => l.indent));
  const startsParagraph = lines.map(
    (line, i) => i === 0 || line.indent >= minIndent + 2 || LIST_ITEM_START.test(line.text),
  );
  const width = Math.max(...lines.map((l) => l.text.length));
  const joins = lines.slice(0, -1).map((_, i) => i).filter((i) => !startsParagraph[i + 1]);
  const wrapped =
    width <= MAX_WRAP_WIDTH &&
    joins.length > 0 &&
    joins.filter((i) => lines[i].text.length >= 0.6 * width || /^[\p{Ll}\p{N}]/u.test(lines[i + 1].text)).length >=
      0.7 * joins.length;
  if (!wrapped) return lines.map((l) => l.text);

  const paragraphs: string[] = [];
  lines.forEach((line, i) => {
    if (startsParagraph[i]) paragraphs.push(line.text);
    else paragraphs[paragraphs.length - 1] = joinWrapped(paragraphs[paragraphs.length - 1], line.text);
  });
  return paragraphs;
}

/** "re-" + "export" stays "re-export"; everything else joins with a space. */
function joinWrapped(previous: string, next: string): string {
  return /\p{L}-$/u.test(previous) && /^\p{Ll}/u.test(next) ? previous + next : `${previous} ${next}`;
}

// ---------------------------------------------------------------- site chrome

const SOCIAL_NETWORKS =
  "facebook|twitter|x|telegram|whatsapp|linkedin|vk|vkontakte|odnoklassniki|ok|reddit|instagram|youtube|tiktok|viber|messenger|pinterest|threads|email|e-mail|телеграм|телеграме|вконтакте|одноклассники";
const SHARE_VERBS = ["share", "поделиться", "paylaş", "paylaşın", "print", "печать"];
/** Words a row of share buttons is made of ("Share on Facebook Share on X", "Facebook Twitter Telegram"). */
const SHARE_ROW_WORDS = new Set([
  ...SOCIAL_NETWORKS.split("|"),
  ...SHARE_VERBS,
  ...["on", "via", "в", "через", "ilə", "copy", "link", "this", "article", "story", "post", "page", "статьей", "статьёй", "xəbəri"],
]);
const SHARE_ROW_ANCHORS = new Set([...SOCIAL_NETWORKS.split("|"), ...SHARE_VERBS]);

function isShareRow(key: string): boolean {
  const words = key.split(/[\s/|,:;·•–—]+/u).filter(Boolean);
  return words.length > 0 && words.every((w) => SHARE_ROW_WORDS.has(w)) && words.some((w) => SHARE_ROW_ANCHORS.has(w));
}

/** Lines that are chrome wherever they stand: share, follow, subscribe, ads, review prompts. */
const ALWAYS_CHROME = [
  /^[•·▪●◦‣■*|–—-]*$/u,
  new RegExp(`^share(?: this(?: article| story| post| page)?)?(?: (?:on|via) (?:${SOCIAL_NETWORKS}))?$`),
  new RegExp(`^(?:follow|join) us(?: on (?:social (?:networks|media)|(?:${SOCIAL_NETWORKS})))?$`),
  /^(?:subscribe to our (?:news ?feed|newsletter|channel|telegram channel)|subscribe)$/,
  /^(?:подписывайтесь|подпишитесь) на (?:нас|наш[а-яё]*)(?: [\p{L}-]+){0,4}$/u,
  /^(?:bizi|bizə) (?:sosial şəbəkələrdə|telegram(?:-?da)?|facebook(?:-?da)?|instagram(?:-?da)?) (?:izləyin|qoşulun)$/u,
  /^(?:kanalımıza |bizə )?abunə olun$/u,
  /^(?:leave a (?:review|comment|reply)|оставить (?:отзыв|комментарий)|оставьте (?:отзыв|комментарий)|rəy bildirin|rəy yazın|şərh yazın)$/u,
  /^(?:advertisement|sponsored|реклама|reklam)$/u,
  /^(?:read more|read also|see also|continue reading|читать далее|читать также|читайте также|подробнее|ətraflı|daha ətraflı|oxu həmçinin|həmçinin oxuyun)$/u,
  /^(?:read more|read also|see also|читайте также|также читайте|oxu həmçinin|həmçinin oxuyun) ?: .{1,200}$/u,
];

/** Lines that are chrome only at the start or end of the text: section labels, feeds, dates. */
const EDGE_CHROME = [
  /^(?:politics|economy|economics|business|society|world|region|regions|analytics|analysis|interview|opinion|culture|sport|sports|incidents|news|latest news|top news|news line|news feed|photo|video|comments|related|related news|related articles)$/,
  /^(?:политика|экономика|общество|в мире|мир|регион|регионы|аналитика|интервью|мнение|культура|спорт|происшествия|новости|последние новости|лента новостей|главное|фото|видео|комментарии|по теме|похожие новости)$/u,
  /^(?:siyasət|iqtisadiyyat|cəmiyyət|dünya|region|analitika|müsahibə|mədəniyyət|idman|hadisə|xəbərlər|son xəbərlər|xəbər lenti|xəbərlər lenti|foto|video|şərhlər|oxşar xəbərlər)$/u,
  /^(?:tags|теги|teqlər|etiketlər) ?: .{1,200}$/u,
  /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?:,? \d{1,2}:\d{2})?$|^\d{1,2}:\d{2}$/,
];

type ChromeKind = "always" | "edge" | "label" | "content";

/** Chrome is a short line; anything longer is article text (and skips the costlier checks). */
const MAX_CHROME_LENGTH = 240;

function chromeKey(paragraph: string): string {
  return paragraph
    .toLowerCase()
    .replace(/^[\s:|»›→>•·-]+|[\s:|»›→>.!…]+$/gu, "")
    .replace(/\s+/g, " ");
}

function classify(paragraph: string): ChromeKind {
  if (paragraph.length > MAX_CHROME_LENGTH) return "content";
  const key = chromeKey(paragraph);
  if (isShareRow(key) || ALWAYS_CHROME.some((re) => re.test(key))) return "always";
  if (EDGE_CHROME.some((re) => re.test(key))) return "edge";
  const words = paragraph.split(" ");
  if (words.length <= 3 && paragraph.length <= 40 && /^\p{Lu}/u.test(paragraph) && !/[.!?…:;,"”»)]$/u.test(paragraph)) {
    return "label";
  }
  return "content";
}

function stripChrome(paragraphs: string[]): string[] {
  const kinds = paragraphs.map(classify);
  const keep = kinds.map((kind) => kind !== "always");

  for (let i = 0; i < kinds.length && kinds[i] !== "content" && kinds[i] !== "label"; i++) keep[i] = false;

  // At the end, an unknown short label ("Karabakh") goes only when known chrome stands above it.
  let pendingLabels: number[] = [];
  for (let i = kinds.length - 1; i >= 0; i--) {
    if (kinds[i] === "always" || kinds[i] === "edge") {
      keep[i] = false;
      for (const label of pendingLabels) keep[label] = false;
      pendingLabels = [];
    } else if (kinds[i] === "label") {
      pendingLabels.push(i);
    } else {
      break;
    }
  }

  const kept = paragraphs.filter((_, i) => keep[i]);
  // A caption repeated as the first paragraph (and other doubled blocks) appears once.
  return kept.filter((p, i) => i === 0 || p !== kept[i - 1]);
}
