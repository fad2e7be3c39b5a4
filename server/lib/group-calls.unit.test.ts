import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupCalls } from './group-calls.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A run that records its groups and answers when released. */
const controlled = () => {
  const groups: number[][] = [];
  const waiting: (() => void)[] = [];
  const run = async (inputs: readonly number[]) => {
    groups.push([...inputs]);
    await new Promise<void>((resolve) => waiting.push(resolve));
    return inputs.map((n) => n * 10);
  };
  const releaseAll = () => {
    for (const release of waiting.splice(0)) release();
  };
  return { groups, run, releaseAll };
};

describe('groupCalls', () => {
  it('sends a call alone at once, and answers it', async () => {
    const call = groupCalls(async (inputs: readonly number[]) => inputs.map((n) => n + 1));
    await expect(call(1)).resolves.toBe(2);
  });

  it('sends the calls made while others are in flight together, and answers each its own', async () => {
    const { groups, run, releaseAll } = controlled();
    const call = groupCalls(run, { maxInFlight: 1 });
    const first = call(1);
    await tick();
    const rest = [call(2), call(3), call(4)];
    await tick();
    expect(groups).toEqual([[1]]);
    releaseAll();
    await first;
    await tick();
    await tick();
    expect(groups).toEqual([[1], [2, 3, 4]]);
    releaseAll();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('keeps to its limits: groups of at most maxBatch, at most maxInFlight at a time', async () => {
    const { groups, run, releaseAll } = controlled();
    const call = groupCalls(run, { maxBatch: 3, maxInFlight: 2 });
    const all = Array.from({ length: 10 }, (_, i) => call(i));
    await tick();
    expect(groups).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    while (groups.flat().length < 10) {
      releaseAll();
      await tick();
      await tick();
    }
    releaseAll();
    expect(await Promise.all(all)).toEqual(Array.from({ length: 10 }, (_, i) => i * 10));
    expect(groups.every((g) => g.length <= 3)).toBe(true);
  });

  it('tries each input of a failed group alone, so that only the failing one fails', async () => {
    const call = groupCalls(async (inputs: readonly number[]) => {
      if (inputs.includes(13)) throw new Error(`unlucky group ${inputs.join(',')}`);
      return inputs.map((n) => -n);
    });
    const results = await Promise.allSettled([1, 13, 2].map((n) => call(n)));
    expect(results).toEqual([
      { status: 'fulfilled', value: -1 },
      { status: 'rejected', reason: new Error('unlucky group 13') },
      { status: 'fulfilled', value: -2 },
    ]);
  });

  it('answers every caller with the answer to its own input, however calls and failures interleave', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ value: fc.integer({ min: 0, max: 50 }), gap: fc.nat(2) }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        async (calls, maxBatch, maxInFlight) => {
          const call = groupCalls(
            async (inputs: readonly number[]) => {
              await tick();
              if (inputs.some((n) => n % 7 === 0)) throw new Error('multiple of seven');
              return inputs.map((n) => n * 2);
            },
            { maxBatch, maxInFlight },
          );
          const pending: Promise<PromiseSettledResult<number>>[] = [];
          for (const { value, gap } of calls) {
            pending.push(
              call(value).then(
                (v) => ({ status: 'fulfilled', value: v }) as const,
                (e: unknown) => ({ status: 'rejected', reason: e }) as const,
              ),
            );
            for (let i = 0; i < gap; i += 1) await tick();
          }
          const results = await Promise.all(pending);
          results.forEach((result, i) => {
            const value = calls[i]!.value;
            if (value % 7 === 0) expect(result.status).toBe('rejected');
            else expect(result).toEqual({ status: 'fulfilled', value: value * 2 });
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
