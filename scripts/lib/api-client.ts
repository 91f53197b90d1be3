import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Where the local API listens and the key scripts use, following the same variables as npm start. */
export function localApi(): { url: string; key: string } {
  const url = (process.env.API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
  const keyFile = path.resolve(process.env.DATA_DIR ?? ".data", "admin-key");
  const key = process.env.ADMIN_API_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : "");
  if (!key) throw new Error(`No key: set ADMIN_API_KEY, or run npm start once so ${keyFile} exists.`);
  return { url, key };
}

export async function apiCall(method: string, pathname: string, body?: unknown): Promise<any> {
  const { url, key } = localApi();
  let res: Response;
  try {
    res = await fetch(url + pathname, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Error(`The API at ${url} does not answer. Start it with: npm start`);
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${json?.detail ?? json?.title ?? text}`);
  return json;
}
