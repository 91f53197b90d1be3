/** Plain-text tables and number formats for the console report. */

export type Align = "left" | "right";

/** Columns padded to their widest cell; numbers right-aligned by default. */
export function table(rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = " ".repeat(widths[i] - [...cell].length);
          return (align?.[i] ?? (i === 0 ? "left" : "right")) === "left" ? cell + pad : pad + cell;
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Milliseconds with precision that suits the magnitude: 0.042, 1.23, 12.3, 123. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (value < 0.1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

export function times(value: number, digits = value < 10 ? 1 : 0): string {
  if (value === Infinity) return "∞";
  return Number.isFinite(value) ? `${value.toFixed(digits)}×` : "–";
}

export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–";
}

export function mb(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : `${value.toFixed(0)} MiB`;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function fixed(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}
