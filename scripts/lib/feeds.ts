import { createHash } from "node:crypto";
import { DomUtils, parseDocument } from "htmlparser2";

const { getElementsByTagName, textContent } = DomUtils;
type Element = ReturnType<typeof getElementsByTagName>[number];

/** One article read from an import file, in the API's Article shape plus its id. */
export type ImportedArticle = Record<string, unknown> & { id: string };

/** NDJSON lines in the Article shape (extra fields such as `topics` are ignored by the API). */
export function* readNdjson(text: string): Generator<ImportedArticle> {
  for (const line of text.split("\n")) {
    if (line.trim()) yield JSON.parse(line);
  }
}

/** RSS 2.0 and Atom entries; full content (content:encoded / <content>) preferred over the summary. */
export function* readFeed(xml: string): Generator<ImportedArticle> {
  const doc = parseDocument(xml, { xmlMode: true });
  const items = [...getElementsByTagName("item", doc.children, true), ...getElementsByTagName("entry", doc.children, true)];
  for (const item of items) {
    const child = (name: string) => getElementsByTagName(name, item.children, false)[0] as Element | undefined;
    const text = (name: string) => (child(name) ? textContent(child(name)!).trim() : "");
    const linkEl = child("link");
    const link = linkEl?.attribs?.href ?? (linkEl ? textContent(linkEl).trim() : "");
    const guid = text("guid") || text("id") || link;
    const title = text("title");
    const body = text("content:encoded") || text("content") || text("description") || text("summary");
    const published = text("pubDate") || text("published") || text("updated") || text("dc:date");
    if (!guid || !title || !body) continue;
    const authors = [text("author"), text("dc:creator")].filter(Boolean).map((a) => a.replace(/^.*\((.*)\)$/, "$1"));
    const tags = getElementsByTagName("category", item.children, false)
      .map((c) => (c as Element).attribs?.term ?? textContent(c).trim())
      .filter(Boolean);
    yield {
      id: `feed-${createHash("sha1").update(guid).digest("hex").slice(0, 16)}`,
      title,
      body,
      ...(link.startsWith("http") ? { url: link } : {}),
      ...(published && !Number.isNaN(Date.parse(published)) ? { publishedAt: new Date(published).toISOString() } : {}),
      ...(authors.length ? { authors } : {}),
      ...(tags.length ? { tags: tags.map((t) => t.toLowerCase()) } : {}),
      ...(text("updated") && !Number.isNaN(Date.parse(text("updated"))) ? { updatedAt: new Date(text("updated")).toISOString() } : {}),
    };
  }
}

export function readImportFile(text: string): Generator<ImportedArticle> {
  return text.trimStart().startsWith("<") ? readFeed(text) : readNdjson(text);
}
