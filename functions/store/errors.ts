/**
 * Failures a client can fix by trying again later. The app answers them with problem+json and
 * Retry-After (409 and 503), never with a 500.
 */

/** Others kept writing the same item while we retried; the write did not happen. */
export class ContendedError extends Error {
  constructor(
    what: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(`${what} is being written concurrently`);
  }
}

/** A dependency (DynamoDB, the search engine) did not answer in time, refused, or is overloaded. */
export class UnavailableError extends Error {
  constructor(
    readonly dependency: string,
    reason: string,
    readonly retryAfterSeconds = 2,
  ) {
    super(`${dependency} unavailable: ${reason}`);
  }
}
