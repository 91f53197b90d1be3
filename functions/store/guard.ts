import type { Db } from "./client.js";
import type { SearchEngine } from "../search/engine.js";
import { UnavailableError } from "./errors.js";

export interface GuardOptions {
  /** Longest a call may take, waiting for a slot included. */
  timeoutMs: number;
  /** Calls running at once; more wait in line. */
  maxInFlight: number;
  /** Calls allowed to wait; past that a call fails at once (503) instead of piling up. */
  maxQueued: number;
}

/**
 * A deadline and a bounded queue around one dependency, so a store or engine that stops
 * answering costs a request a few seconds and a 503, never a hang, and never unbounded memory.
 */
export class DependencyGuard {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly name: string,
    private readonly opts: GuardOptions,
  ) {}

  /** Runs `call` with an AbortSignal that fires at the deadline; a late call rejects with UnavailableError. */
  async run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.inFlight >= this.opts.maxInFlight && this.waiting.length >= this.opts.maxQueued) {
      throw new UnavailableError(this.name, "too many calls waiting");
    }
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new UnavailableError(this.name, `no answer within ${this.opts.timeoutMs} ms`));
      }, this.opts.timeoutMs);
    });
    deadline.catch(() => {});
    let acquired = false;
    try {
      await Promise.race([this.acquire().then(() => (acquired = true)), deadline]);
      if (!acquired) throw new UnavailableError(this.name, "no slot in time");
      const work = call(abort.signal);
      // The slot is held until the call settles, so calls that ignore the signal still count.
      work.then(this.release, this.release);
      acquired = false;
      return await Promise.race([work, deadline]);
    } catch (err) {
      throw abort.signal.aborted ? new UnavailableError(this.name, `no answer within ${this.opts.timeoutMs} ms`) : toUnavailable(this.name, err);
    } finally {
      clearTimeout(timer);
      if (acquired) this.release();
    }
  }

  get queued(): number {
    return this.waiting.length;
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.opts.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private readonly release = () => {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight on
    else this.inFlight--;
  };
}

/** Throttling after the SDK's own retries. */
const OVERLOADED = new Set(["ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "LimitExceededException"]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

/** A network failure, a server-side fault or throttling becomes UnavailableError; the rest (conditions, validation) pass. */
export function toUnavailable(name: string, err: unknown): unknown {
  if (err instanceof UnavailableError) return err;
  const e = err as { name?: string; code?: string; $fault?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  if (!e || typeof e !== "object") return err;
  const network = NETWORK.has(e.code ?? "") || NETWORK.has(e.cause?.code ?? "") || e.name === "TimeoutError" || e.name === "AbortError";
  const server = e.$fault === "server" || (e.$metadata?.httpStatusCode ?? 0) >= 500;
  if (network || server || OVERLOADED.has(e.name ?? "")) return new UnavailableError(name, e.name ?? "error");
  return err;
}

type Send = (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;

/** The same clients, each `send` under the guard; prototypes are kept so the SDK's paginators accept them. */
export function guardDb(db: Db, opts: GuardOptions): Db {
  const guard = new DependencyGuard("DynamoDB", opts);
  const wrap = <C extends object>(client: C): C => {
    const send = (client as unknown as { send: Send }).send.bind(client);
    const guarded = Object.create(client) as C & { send: Send };
    guarded.send = (command, options) => guard.run((abortSignal) => send(command, { ...options, abortSignal }));
    return guarded;
  };
  return { ...db, doc: wrap(db.doc), raw: wrap(db.raw) };
}

/** The engine's request-path calls under the guard; indexing calls (init, upsert, remove, clear, close) stay direct. */
export function guardEngine(engine: SearchEngine, opts: GuardOptions): SearchEngine {
  const guard = new DependencyGuard(`search engine (${engine.name})`, opts);
  const guarded = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => (...args: A) => guard.run(() => fn.apply(engine, args));
  return {
    name: engine.name,
    init: () => engine.init(),
    close: () => engine.close(),
    upsert: (docs) => engine.upsert(docs),
    remove: (ids) => engine.remove(ids),
    clear: () => engine.clear(),
    search: guarded(engine.search),
    suggest: guarded(engine.suggest),
    setSynonyms: guarded(engine.setSynonyms),
    count: guarded(engine.count),
    ping: guarded(engine.ping),
    moreLikeThis: guarded(engine.moreLikeThis),
    ...(engine.similar ? { similar: guarded(engine.similar) } : {}),
    ...(engine.relatedProfile ? { relatedProfile: guarded(engine.relatedProfile) } : {}),
  };
}
