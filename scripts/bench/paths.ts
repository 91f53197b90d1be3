import { fileURLToPath } from "node:url";
import path from "node:path";

/** The repository root, wherever the command is run from. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const RESULTS_DIR = path.join(REPO_ROOT, "bench-results");

/** A file-name-safe timestamp: 2025-01-31T12-00-00Z. */
export const stamp = (d = new Date()) => d.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
