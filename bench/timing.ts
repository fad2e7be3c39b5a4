/** Percentiles of a series of durations (ms), nearest rank. */
export const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
};
export type Stats = ReturnType<typeof stats>;

/** Durations of `runs` calls of `fn`, one after the other, after one warm-up call. */
export const time = async (runs: number, fn: () => Promise<unknown>): Promise<number[]> => {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
};
