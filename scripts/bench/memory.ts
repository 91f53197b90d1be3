/** Resident memory of processes, read from Linux's /proc. Null where /proc is not available. */
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessMemory {
  pid: number;
  /** Resident set size now, in MiB. */
  rssMb: number;
  /** Peak resident set size so far, in MiB. */
  peakRssMb: number;
}

/** The kB value of a `Name:   1234 kB` line in /proc/<pid>/status. */
export function statusField(status: string, name: string): number | null {
  const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(status);
  return m ? Number(m[1]) : null;
}

export function processMemory(pid: number): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = statusField(status, "VmRSS");
    const peak = statusField(status, "VmHWM");
    if (rss === null) return null;
    return { pid, rssMb: rss / 1024, peakRssMb: (peak ?? rss) / 1024 };
  } catch {
    return null;
  }
}

/** Every process below `pid` (children, grandchildren…): here, DynamoDB Local's JVM. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const current = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** The summed resident memory of a process's descendants, in MiB. */
export function descendantsRssMb(pid: number): number | null {
  const mems = descendants(pid).map(processMemory).filter((m): m is ProcessMemory => m !== null);
  return mems.length ? mems.reduce((a, m) => a + m.rssMb, 0) : null;
}
