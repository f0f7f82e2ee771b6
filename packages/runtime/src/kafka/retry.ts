/** Retry policy of consumer handlers: exponential backoff, heartbeats while waiting. */

export interface RetryOptions {
  /** Handler calls in total, the first included (1 = no retry). Default 3. */
  readonly attempts: number;
  /** Wait after the first failure. Default 200 ms. */
  readonly initialBackoffMs: number;
  /** Upper bound of one wait. Default 10 s. */
  readonly maxBackoffMs: number;
  /** Growth of the wait per failure. Default 2. */
  readonly multiplier: number;
  /** Fraction (0..1) of each wait taken off at random, so many consumers do not retry in step. Default 0. */
  readonly jitter: number;
  /** Errors for which this returns false go to the dead-letter topic without further attempts. */
  readonly retryable: (error: unknown) => boolean;
}

export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  attempts: 3,
  initialBackoffMs: 200,
  maxBackoffMs: 10_000,
  multiplier: 2,
  jitter: 0,
  retryable: () => true,
});

function check(ok: boolean, field: string, rule: string, value: unknown): void {
  if (!ok) throw new TypeError(`retry.${field} must be ${rule}, got ${String(value)}`);
}

/** Fills in defaults and rejects nonsense (a negative wait, zero attempts) with a clear message. */
export function resolveRetry(options: Partial<RetryOptions> = {}): RetryOptions {
  const retry = { ...DEFAULT_RETRY, ...options };
  check(
    Number.isInteger(retry.attempts) && retry.attempts >= 1,
    'attempts',
    'an integer >= 1',
    retry.attempts,
  );
  for (const field of ['initialBackoffMs', 'maxBackoffMs'] as const) {
    check(Number.isFinite(retry[field]) && retry[field] >= 0, field, 'a number >= 0', retry[field]);
  }
  check(retry.multiplier >= 1, 'multiplier', 'a number >= 1', retry.multiplier);
  check(retry.jitter >= 0 && retry.jitter <= 1, 'jitter', 'between 0 and 1', retry.jitter);
  check(typeof retry.retryable === 'function', 'retryable', 'a function', retry.retryable);
  return Object.freeze(retry);
}

/** The wait after failed attempt number `failedAttempt` (1-based). */
export function backoffMs(
  retry: RetryOptions,
  failedAttempt: number,
  random = Math.random,
): number {
  const exponential = retry.initialBackoffMs * retry.multiplier ** (failedAttempt - 1);
  const capped = Math.min(retry.maxBackoffMs, exponential);
  return Math.round(capped * (1 - retry.jitter * random()));
}

/**
 * Waits `ms`, calling `heartbeat` every `heartbeatEveryMs` so a long backoff does not get the
 * member thrown out of its group. Resolves false when `signal` aborts first (a stop request);
 * a heartbeat error (e.g. a rebalance) rejects.
 */
export async function waitWithHeartbeats(
  ms: number,
  heartbeat: () => Promise<void>,
  heartbeatEveryMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (signal.aborted) return false;
    const left = deadline - Date.now();
    if (left <= 0) return true;
    await sleep(Math.min(left, heartbeatEveryMs), signal);
    if (signal.aborted) return false;
    await heartbeat();
  }
}

/**
 * Settles as `work` does, calling `heartbeat` every `heartbeatEveryMs` while it is pending. A
 * heartbeat error (a rebalance) does not cut the work short: whatever it finishes must still be
 * counted as finished, and the caller's next heartbeat reports the rebalance again.
 */
export async function heartbeatWhile<T>(
  work: Promise<T>,
  heartbeat: () => Promise<void>,
  heartbeatEveryMs: number,
): Promise<T> {
  const timer = setInterval(() => {
    heartbeat().catch(() => undefined);
  }, heartbeatEveryMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
