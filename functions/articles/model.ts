/** The article of record, as stored in DynamoDB and returned by GET /v1/articles/{id}. */
export interface Article {
  id: string;
  title: string;
  /** Clean plain text: HTML reduced to text, site chrome removed, paragraphs separated by "\n\n". */
  body: string;
  url: string | null;
  summary: string;
  section: string;
  tags: string[];
  authors: string[];
  /** ISO 639-1, detected when the CMS did not send it. */
  language: string;
  publishedAt: string;
  updatedAt: string;
  imageUrl: string | null;
  /** Named entities found at ingest; used by related stories. */
  entities: Entities;
  /** Incremented on every accepted write. */
  version: number;
}

export interface Entities {
  people: string[];
  places: string[];
  orgs: string[];
}

export const ARTICLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
