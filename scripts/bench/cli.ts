/** Pieces shared by the bench and eval command lines: options, corpus choice, machine facts. */
import os from "node:os";
import { readCorpusFile } from "../corpus/read.js";
import { DEFAULT_SEED, generateCorpus } from "../corpus/generate.js";
import type { CorpusArticle } from "../corpus/types.js";

export function positiveNumber(name: string, value: string | undefined, fallback: number, opts: { integer?: boolean; min?: number } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  const min = opts.min ?? (opts.integer ? 1 : Number.MIN_VALUE);
  if (!Number.isFinite(n) || n < min || (opts.integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be ${opts.integer ? "an integer" : "a number"} ≥ ${min}, got "${value}"`);
  }
  return n;
}

export interface CorpusChoice {
  articles: CorpusArticle[];
  /** "generated (5000 articles, seed 20250101)" or the file name. */
  description: string;
  source: { kind: "file"; path: string } | { kind: "generated"; size: number; seed: number };
}

export function chooseCorpus(file: string | undefined, size: number, seed = DEFAULT_SEED): CorpusChoice {
  if (file) {
    const articles = readCorpusFile(file);
    return { articles, description: `${file} (${articles.length} articles)`, source: { kind: "file", path: file } };
  }
  const articles = generateCorpus({ size, seed });
  return { articles, description: `generated (${size} articles, seed ${seed})`, source: { kind: "generated", size, seed } };
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run began: above the CPU count, other work competed with the run. */
  loadAverage: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg()[0],
  };
}

export const log = (msg: string) => console.log(msg);

/** A warning when other work on the machine will distort timings. */
export function busyMachineWarning(machine: MachineInfo): string | undefined {
  if (machine.loadAverage < machine.cpus * 0.5) return undefined;
  return `warning: the machine is busy (1-minute load average ${machine.loadAverage.toFixed(1)} on ${machine.cpus} CPUs); timings will be pessimistic`;
}
