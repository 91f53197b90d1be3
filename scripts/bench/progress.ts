/**
 * Progress for long steps: cli-progress bars on a terminal; on a pipe or CI log, where redrawn bars
 * would only garble the output, one plain line every few seconds.
 */
import cliProgress from "cli-progress";

export interface ProgressLine {
  update(label: string, value: number): void;
  stop(): void;
}

export function progress(total: number, labels: readonly string[], unit = "articles"): ProgressLine {
  const started = performance.now();
  const rate = (n: number) => Math.round(n / Math.max(0.001, (performance.now() - started) / 1000));
  const width = Math.max(...labels.map((l) => l.length));

  if (process.stdout.isTTY) {
    const multi = new cliProgress.MultiBar(
      { format: ` {label} |{bar}| {value}/{total} ${unit}  {rate}/s  {duration_formatted}`, hideCursor: true, clearOnComplete: false, barsize: 30 },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map(labels.map((l) => [l, multi.create(total, 0, { label: l.padEnd(width), rate: 0 })]));
    return {
      update: (label, value) => bars.get(label)?.update(value, { rate: rate(value) }),
      stop: () => multi.stop(),
    };
  }

  const values = new Map(labels.map((l) => [l, 0]));
  const print = () =>
    console.log(`  ${[...values].map(([l, v]) => `${l} ${v}/${total} (${rate(v)}/s)`).join(", ")}  ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const timer = setInterval(print, 5000);
  return {
    update: (label, value) => void values.set(label, value),
    stop: () => {
      clearInterval(timer);
      print();
    },
  };
}
