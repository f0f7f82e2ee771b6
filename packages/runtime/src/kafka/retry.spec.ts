import { backoffMs, resolveRetry, waitWithHeartbeats } from './retry';

describe('retry policy', () => {
  it('grows exponentially up to the cap', () => {
    const retry = resolveRetry({ initialBackoffMs: 100, multiplier: 3, maxBackoffMs: 1000 });
    expect([1, 2, 3, 4].map((n) => backoffMs(retry, n))).toEqual([100, 300, 900, 1000]);
  });

  it('takes up to `jitter` of the wait off at random', () => {
    const retry = resolveRetry({ initialBackoffMs: 1000, jitter: 0.5 });
    expect(backoffMs(retry, 1, () => 0)).toBe(1000);
    expect(backoffMs(retry, 1, () => 1)).toBe(500);
  });

  it.each([
    [{ attempts: 0 }, 'retry.attempts must be an integer >= 1, got 0'],
    [{ initialBackoffMs: -1 }, 'retry.initialBackoffMs must be a number >= 0, got -1'],
    [{ multiplier: 0.5 }, 'retry.multiplier must be a number >= 1, got 0.5'],
    [{ jitter: 2 }, 'retry.jitter must be between 0 and 1, got 2'],
  ])('rejects %o', (options, message) => {
    expect(() => resolveRetry(options)).toThrow(message);
  });

  it('heartbeats while waiting and stops early when aborted', async () => {
    const beats: number[] = [];
    const controller = new AbortController();
    await expect(
      waitWithHeartbeats(120, async () => void beats.push(1), 50, controller.signal),
    ).resolves.toBe(true);
    expect(beats.length).toBeGreaterThanOrEqual(2);

    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    await expect(
      waitWithHeartbeats(10_000, async () => undefined, 1000, controller.signal),
    ).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
