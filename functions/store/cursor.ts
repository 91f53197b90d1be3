/**
 * Opaque pagination cursors: base64url of the few key attributes a page needs to resume
 * (the parts of LastEvaluatedKey the query does not already fix). Never trusted on input:
 * a cursor must decode to exactly the expected string fields, or it is rejected.
 */
export class InvalidCursorError extends Error {
  constructor() {
    super("The cursor is not one this list produced.");
  }
}

const MAX_CURSOR_LENGTH = 4096;
const MAX_FIELD_LENGTH = 1024;

export function encodeCursor(fields: Record<string, string>): string {
  return Buffer.from(JSON.stringify(fields), "utf8").toString("base64url");
}

/** Decodes a cursor into exactly `names`; `check` may reject values that do not fit the query. */
export function decodeCursor<K extends string>(
  cursor: string,
  names: readonly K[],
  check: (fields: Record<K, string>) => boolean = () => true,
): Record<K, string> {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new InvalidCursorError();
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length !== names.length) throw new InvalidCursorError();
  for (const name of names) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value !== "string" || value.length === 0 || value.length > MAX_FIELD_LENGTH) throw new InvalidCursorError();
  }
  const fields = parsed as Record<K, string>;
  if (!check(fields)) throw new InvalidCursorError();
  return fields;
}
