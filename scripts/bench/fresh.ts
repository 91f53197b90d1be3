/**
 * What a fresh process pays for related stories — a Lambda instance after a cold start: the loaded
 * service is stopped and started again on the same data, then its first related answer is timed
 * through HTTP and its resident memory read before and after. The first search answer of the same
 * process is the peer: both pay the same first-request costs (JIT, connections), only related's own
 * work differs.
 */
import type { Service } from "./service.js";
import { median } from "./stats.js";

export interface FreshProcessResult {
  /** Spawn to ready of the fresh process (DynamoDB Local and the engine's start included). */
  startMs: number;
  firstRelatedMs: number;
  firstSearchMs: number;
  /** Median of the next related answers of the same process (distinct articles). */
  nextRelatedMedianMs: number;
  rssBeforeMb: number | null;
  rssAfterFirstRelatedMb: number | null;
  rssAfterNextRelatedMb: number | null;
  /** Related requests after the first one. */
  nextRequests: number;
}

export async function measureFreshProcess(service: Service, ids: string[], searchQuery: string, next = 50): Promise<FreshProcessResult> {
  const client = service.publicClient(1);
  const rss = () => service.memory()?.rssMb ?? null;
  const related = async (id: string) => {
    const res = await client.request({ method: "GET", path: `/v1/articles/${encodeURIComponent(id)}/related?limit=5` });
    if (res.status !== 200) throw new Error(`related ${id} → ${res.status}: ${res.body.slice(0, 200)}`);
    return res.ms;
  };
  const rssBeforeMb = rss();
  const firstRelatedMs = await related(ids[0]);
  const rssAfterFirstRelatedMb = rss();
  const search = await client.request({ method: "GET", path: `/v1/search?q=${encodeURIComponent(searchQuery)}&limit=10` });
  if (search.status !== 200) throw new Error(`search → ${search.status}`);
  const times: number[] = [];
  for (let i = 1; i <= next && i < ids.length; i++) times.push(await related(ids[i]));
  return {
    startMs: service.startMs,
    firstRelatedMs,
    firstSearchMs: search.ms,
    nextRelatedMedianMs: median(times),
    rssBeforeMb,
    rssAfterFirstRelatedMb,
    rssAfterNextRelatedMb: rss(),
    nextRequests: times.length,
  };
}
