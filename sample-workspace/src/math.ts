// Small numeric helpers used by the weekly report.

export function sum(values: number[]): number {
  return values.reduce((acc, v) => acc + v, 0);
}

/** Arithmetic mean of `values`; 0 for an empty list. */
export function average(values: number[]): number {
  let total = 0;
  for (let i = 1; i < values.length; i++) {
    total += values[i];
  }
  return total / values.length;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

export function percent(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)}%`;
}
