import { randomBytes } from "node:crypto";
import { GetCommand, QueryCommand } from "./dynamo.js";
import type { Db } from "./client.js";
import { INDEXES } from "./table.js";
import { RULE_AUDIT_PREFIX, RULE_PREFIX, RULES_PARTITION, ruleAuditKey, ruleByTarget, ruleKey, ruleTargetPartition } from "./keys.js";
import { ConditionsFailed, transactWrite } from "./transact.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

/** What an editor sends: exactly one target, articles to pin (in order) and to hide, an optional period. */
export interface RuleInput {
  query?: string;
  relatedTo?: string;
  pin: string[];
  hide: string[];
  from?: string;
  until?: string;
}

export interface EditorialRule extends RuleInput {
  ruleId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
}

export interface RuleAuditEntry {
  ruleId: string;
  action: "put" | "delete";
  /** Name of the API key that made the change. */
  by: string;
  at: string;
  /** The rule before and after the change (absent when there was none). */
  before?: EditorialRule;
  after?: EditorialRule;
}

/** Pins and hides in force for one answer. */
export interface Curation {
  pin: string[];
  hide: Set<string>;
}

export type RuleTarget = { query: string } | { relatedTo: string };

const RULE_FIELDS = ["ruleId", "query", "relatedTo", "pin", "hide", "from", "until", "createdAt", "createdBy", "updatedAt", "updatedBy", "version"] as const;
const MAX_ATTEMPTS = 5;

/**
 * Editorial rules (pin, hide) per search query or related list, with their audit trail.
 * Reads on the request path come from a per-process snapshot of every rule, refreshed every `cacheMs`
 * (see forTarget). A change through this process clears it at once; other processes follow within `cacheMs`.
 */
export class RuleStore {
  private cached: { rules: Promise<Map<string, EditorialRule[]>>; at: number } | null = null;

  constructor(
    private readonly db: Db,
    private readonly opts: { cacheMs: number; clock?: () => number } = { cacheMs: 0 },
  ) {}

  async get(ruleId: string): Promise<EditorialRule | null> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: ruleKey(ruleId), ConsistentRead: true }));
    return out.Item ? toRule(out.Item) : null;
  }

  /** Creates or replaces a rule and records who did it, in one transaction. */
  async put(ruleId: string, input: RuleInput, by: string, now: Date): Promise<{ rule: EditorialRule; created: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await this.get(ruleId);
      const at = now.toISOString();
      const rule: EditorialRule = {
        ruleId,
        ...input,
        createdAt: before?.createdAt ?? at,
        createdBy: before?.createdBy ?? by,
        updatedAt: at,
        updatedBy: by,
        version: (before?.version ?? 0) + 1,
      };
      try {
        await transactWrite(this.db, [
          {
            Put: {
              TableName: this.db.table,
              Item: { ...ruleKey(ruleId), ...ruleByTarget(targetOf(rule), ruleId), type: "rule", ...rule },
              ...versionCondition(before),
            },
          },
          { Put: { TableName: this.db.table, Item: auditItem({ ruleId, action: "put", by, at, before: before ?? undefined, after: rule }) } },
        ]);
        this.cached = null;
        return { rule, created: !before };
      } catch (err) {
        if (!(err instanceof ConditionsFailed)) throw err; // changed in between: decide again
      }
    }
    throw new Error(`Rule ${ruleId} is being changed concurrently; retry`);
  }

  /** Deletes a rule, recording who did it; false when there was none. */
  async delete(ruleId: string, by: string, now: Date): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await this.get(ruleId);
      if (!before) return false;
      try {
        await transactWrite(this.db, [
          { Delete: { TableName: this.db.table, Key: ruleKey(ruleId), ...versionCondition(before) } },
          { Put: { TableName: this.db.table, Item: auditItem({ ruleId, action: "delete", by, at: now.toISOString(), before }) } },
        ]);
        this.cached = null;
        return true;
      } catch (err) {
        if (!(err instanceof ConditionsFailed)) throw err;
      }
    }
    throw new Error(`Rule ${ruleId} is being changed concurrently; retry`);
  }

  /** Every rule, by id (one Query on the rules partition, paged). */
  async list(): Promise<EditorialRule[]> {
    const rules: EditorialRule[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.doc.send(
        new QueryCommand({
          TableName: this.db.table,
          KeyConditionExpression: "pk = :p AND begins_with(sk, :r)",
          ExpressionAttributeValues: { ":p": RULES_PARTITION, ":r": RULE_PREFIX },
          ExclusiveStartKey: start,
        }),
      );
      rules.push(...(out.Items ?? []).map(toRule));
      start = out.LastEvaluatedKey;
    } while (start);
    return rules;
  }

  /** The audit trail, newest first, a page at a time. */
  async audit(limit: number, cursor?: string): Promise<{ items: RuleAuditEntry[]; nextCursor: string | null }> {
    const after = cursor ? decodeCursor(cursor, ["sk"], (f) => f.sk.startsWith(RULE_AUDIT_PREFIX)) : undefined;
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.table,
        KeyConditionExpression: "pk = :p AND begins_with(sk, :a)",
        ExpressionAttributeValues: { ":p": RULES_PARTITION, ":a": RULE_AUDIT_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: { pk: RULES_PARTITION, sk: after.sk } } : {}),
      }),
    );
    const items = (out.Items ?? []).map((item) => {
      const { ruleId, action, by, at, before, after: afterRule } = item as RuleAuditEntry;
      return { ruleId, action, by, at, ...(before ? { before: toRule(before) } : {}), ...(afterRule ? { after: toRule(afterRule) } : {}) };
    });
    const last = out.LastEvaluatedKey?.sk;
    return { items, nextCursor: last ? encodeCursor({ sk: String(last) }) : null };
  }

  /**
   * Rules of one target (in or out of their period). With a cache, from a per-process snapshot of
   * every rule (one paged Query of the rules partition every `cacheMs`): readers' queries are nearly all
   * new, and a Query per new query would put a DynamoDB round trip on most searches. The snapshot grows
   * with the rules editors keep, not with the archive or the readers. Without a cache, one Query on the
   * target's index partition.
   */
  async forTarget(target: RuleTarget): Promise<EditorialRule[]> {
    const partition = ruleTargetPartition(target);
    if (this.opts.cacheMs > 0) return (await this.snapshot()).get(partition) ?? [];
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.table,
        IndexName: INDEXES.byTime.name,
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": partition },
        Limit: 50,
      }),
    );
    return (out.Items ?? []).map(toRule);
  }

  /** Every rule by target, reused for `cacheMs`; one read in flight at a time, and a failed read is not kept. */
  private snapshot(): Promise<Map<string, EditorialRule[]>> {
    const now = this.opts.clock?.() ?? Date.now();
    if (this.cached && now - this.cached.at < this.opts.cacheMs) return this.cached.rules;
    const rules = this.list().then((all) => {
      const byTarget = new Map<string, EditorialRule[]>();
      for (const rule of all) {
        const partition = ruleTargetPartition(rule.query !== undefined ? { query: rule.query } : { relatedTo: rule.relatedTo! });
        byTarget.set(partition, [...(byTarget.get(partition) ?? []), rule]);
      }
      return byTarget;
    });
    rules.catch(() => {
      if (this.cached?.rules === rules) this.cached = null;
    });
    this.cached = { rules, at: now };
    return rules;
  }
}

/**
 * The pins and hides of the rules in force at `now` (from ≤ now < until), merged in rule-id order;
 * null when none is. A hidden article is never shown, even if another rule pins it.
 */
export function curationAt(rules: EditorialRule[], now: Date): Curation | null {
  const t = now.getTime();
  const active = rules
    .filter((r) => (!r.from || Date.parse(r.from) <= t) && (!r.until || t < Date.parse(r.until)))
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1));
  if (active.length === 0) return null;
  const hide = new Set(active.flatMap((r) => r.hide));
  const pin = [...new Set(active.flatMap((r) => r.pin))].filter((id) => !hide.has(id));
  return { pin, hide };
}

/**
 * A list with the editors' choices applied: pinned entries first in their order, then the ranked
 * ones, hidden and pinned ids taken out of the ranked part, cut to `limit`.
 */
export function curate<T extends { id: string }>(ranked: T[], pinned: T[], hide: ReadonlySet<string>, limit: number): T[] {
  const shown = new Set<string>();
  const out: T[] = [];
  for (const item of [...pinned, ...ranked]) {
    if (out.length >= limit) break;
    if (hide.has(item.id) || shown.has(item.id)) continue;
    shown.add(item.id);
    out.push(item);
  }
  return out;
}

export function targetOf(rule: RuleInput): RuleTarget {
  return rule.query !== undefined ? { query: rule.query } : { relatedTo: rule.relatedTo! };
}

function versionCondition(before: EditorialRule | null) {
  return before
    ? { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": before.version } }
    : { ConditionExpression: "attribute_not_exists(pk)" };
}

function auditItem(entry: RuleAuditEntry) {
  return { ...ruleAuditKey(entry.at, entry.ruleId, randomBytes(4).toString("hex")), type: "rule-audit", ...entry };
}

function toRule(stored: object): EditorialRule {
  const item = stored as Record<string, unknown>;
  const rule: Record<string, unknown> = {};
  for (const f of RULE_FIELDS) if (item[f] !== undefined) rule[f] = item[f];
  return { pin: [], hide: [], ...rule } as unknown as EditorialRule;
}
