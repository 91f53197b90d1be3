/**
 * Background work (Services.defer) for Lambda. Lambda freezes the process as soon as the handler
 * resolves, so work still in flight would be paused mid-write and maybe never finished. Requests
 * therefore await it before answering: it started alongside the handler, so the wait is usually
 * the tail of one DynamoDB write.
 */
export class DeferredWork {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Matches Services.defer; a failure is reported, never thrown into the request. */
  readonly add = (work: Promise<unknown>): void => {
    const tracked: Promise<void> = work.then(
      () => {},
      (err) => this.onError(err),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  };

  get size(): number {
    return this.pending.size;
  }

  /** Resolves when everything deferred so far, and anything it deferred in turn, has settled. */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}

/** Wraps a Lambda handler so each invocation ends only after its deferred work. */
export function settlingDeferred<E, C, R>(deferred: DeferredWork, handler: (event: E, context?: C) => Promise<R>) {
  return async (event: E, context?: C): Promise<R> => {
    try {
      return await handler(event, context);
    } finally {
      await deferred.settle();
    }
  };
}
