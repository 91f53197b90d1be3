/**
 * Bookkeeping of the spec checks the Meilisearch fakes make: every request the adapter sends is
 * counted, and every one the published API (or the fake's server version) rejects is recorded. A
 * setup file (meilisearch-validation-setup.ts) fails the test that sent it and writes the count,
 * which the global teardown sums up for the run.
 */
let validated = 0;
const rejected: string[] = [];

export function countValidated(): void {
  validated += 1;
}

export function recordRejected(problem: string): void {
  rejected.push(problem);
}

/** Rejections since the last call; a test that provokes one on purpose takes it here. */
export function takeRejected(): string[] {
  return rejected.splice(0, rejected.length);
}

export function validatedCount(): number {
  return validated;
}
