/**
 * The HTTP side of talking to the Dapr sidecar: endpoint from options or Dapr's environment
 * variables, the API token, per-attempt timeouts and the retry policy (5xx and "no reply" are
 * retried with exponential backoff, 4xx never).
 *
 * Requests go through node:http with a keep-alive agent: the global fetch (undici, web streams,
 * an AbortSignal per request) costs about four times the CPU per request, which on a busy host
 * is throughput the sidecar and the broker do not get. `options.fetch` still replaces it.
 */
import * as http from 'node:http';
import { DAPR_CLIENT_ERROR_CODES, DaprPublishError } from './errors';

export interface DaprRetryOptions {
  /** Total HTTP attempts, including the first. 1 disables retries. */
  readonly attempts: number;
  /** Wait before the second attempt; doubled for each further one. */
  readonly backoffMs: number;
}

export interface DaprSidecarOptions {
  /** Default: DAPR_HOST, else `localhost` (Dapr's default). */
  readonly host?: string;
  /** Default: DAPR_HTTP_PORT, else 3500 (Dapr's default). */
  readonly port?: number | string;
  /** Default: 3 attempts, 200 ms backoff. */
  readonly retry?: DaprRetryOptions;
  /** For tests or custom agents; default node:http with a keep-alive agent. */
  readonly fetch?: typeof fetch;
  /** Per attempt. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Sent as `dapr-api-token`. Default: DAPR_API_TOKEN when set. */
  readonly apiToken?: string;
}

/** What an HTTP header value cannot hold (RFC 9110 field values: no controls but tab). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const HEADER_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export const DEFAULT_DAPR_RETRY: DaprRetryOptions = Object.freeze({ attempts: 3, backoffMs: 200 });
const DEFAULT_TIMEOUT_MS = 10_000;

export interface ResolvedSidecar {
  readonly baseUrl: string;
  /** Host (IPv6 without brackets) and port, for node:http. */
  readonly host: string;
  readonly port: number;
  readonly retry: DaprRetryOptions;
  /** options.fetch; undefined: node:http. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs: number;
  readonly apiToken?: string;
}

export function resolveSidecar(options: DaprSidecarOptions = {}): ResolvedSidecar {
  const env = process.env;
  const host = options.host ?? (env['DAPR_HOST'] || 'localhost');
  const portText = String(options.port ?? (env['DAPR_HTTP_PORT'] || 3500));
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(
      `Dapr HTTP port must be an integer from 1 to 65535, got ${JSON.stringify(portText)}`,
    );
  }
  const retry = options.retry ?? DEFAULT_DAPR_RETRY;
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) {
    throw new TypeError(`retry.attempts must be a positive integer, got ${String(retry.attempts)}`);
  }
  if (!(retry.backoffMs >= 0)) {
    throw new TypeError(`retry.backoffMs must be 0 or more, got ${String(retry.backoffMs)}`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new TypeError('options.fetch must be a function');
  }
  const apiToken = options.apiToken ?? (env['DAPR_API_TOKEN'] || undefined);
  // Checked here, naming the option only: node:http and fetch would quote the value in their error.
  if (apiToken !== undefined && (typeof apiToken !== 'string' || HEADER_UNSAFE.test(apiToken))) {
    throw new TypeError(
      'The Dapr API token (apiToken or DAPR_API_TOKEN) must be a string without control characters',
    );
  }
  // IPv6 literals need brackets inside a URL.
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    baseUrl: `http://${hostPart}:${port}`,
    host: hostPart.replace(/^\[(.*)\]$/, '$1'),
    port,
    retry,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    apiToken,
  };
}

export interface DaprReply {
  readonly status: number;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  readonly body: unknown;
  readonly text: string;
}

export interface PostTarget {
  readonly pubsubName: string;
  readonly topic: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Shared by every publisher of the process; idle sockets do not keep the process alive. */
const agent = new http.Agent({ keepAlive: true });

interface RawReply {
  readonly status: number;
  readonly text: string;
}

/** A TimeoutError, as fetch's AbortSignal.timeout gives. */
function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no reply within ${ms} ms`), { name: 'TimeoutError' });
}

function httpPost(
  sidecar: ResolvedSidecar,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: sidecar.host,
        port: sidecar.port,
        method: 'POST',
        path,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    // The whole exchange, reply body included, as AbortSignal.timeout did for fetch.
    let timedOut: Error | undefined;
    const timer = setTimeout(() => {
      timedOut = timeoutError(sidecar.timeoutMs);
      request.destroy(timedOut);
    }, sidecar.timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(timedOut ?? error);
    }
    request.on('error', fail);
    request.end(body);
  });
}

async function fetchPost(
  fetchImpl: typeof fetch,
  sidecar: ResolvedSidecar,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<RawReply> {
  const response = await fetchImpl(`${sidecar.baseUrl}${path}`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(sidecar.timeoutMs),
  });
  return { status: response.status, text: await response.text() };
}

/** One POST; network failures and timeouts become DaprPublishError without a status. */
export async function postOnce(
  sidecar: ResolvedSidecar,
  path: string,
  body: string,
  contentType: string,
  target: PostTarget,
  attempt: number,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<DaprReply> {
  const headers: Record<string, string> = { ...extraHeaders, 'content-type': contentType };
  if (sidecar.apiToken !== undefined) headers['dapr-api-token'] = sidecar.apiToken;
  let reply: RawReply;
  try {
    reply = sidecar.fetch
      ? await fetchPost(sidecar.fetch, sidecar, path, headers, body)
      : await httpPost(sidecar, path, headers, body);
  } catch (cause) {
    const timedOut = (cause as Error)?.name === 'TimeoutError';
    throw new DaprPublishError(
      timedOut
        ? `no reply from the sidecar at ${sidecar.baseUrl} within ${sidecar.timeoutMs} ms`
        : unreachableMessage(sidecar.baseUrl, cause),
      {
        errorCode: timedOut ? DAPR_CLIENT_ERROR_CODES.timeout : DAPR_CLIENT_ERROR_CODES.unreachable,
        ...target,
        attempts: attempt,
        cause,
      },
    );
  }
  const { status } = reply;
  // A proxy or a debugging sidecar may echo the request: the token must not reach error messages.
  const text =
    sidecar.apiToken === undefined
      ? reply.text
      : reply.text.replaceAll(sidecar.apiToken, '[redacted]');
  let parsed: unknown;
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status, body: parsed, text };
}

function unreachableMessage(baseUrl: string, cause: unknown): string {
  // node:http fails with the system error itself; fetch wraps it in `cause`.
  const code = (cause as { code?: unknown })?.code;
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const why =
    typeof code === 'string'
      ? code
      : typeof inner?.code === 'string'
        ? inner.code
        : ((cause as Error)?.message ?? String(cause));
  // daprd stops at start when a component cannot initialise (for pubsub.kafka: no broker
  // reachable), so "connection refused" is often a component problem: point at the log.
  return (
    `cannot reach the Dapr sidecar at ${baseUrl} (${why}). Is daprd running for this app? ` +
    'daprd exits at start when a component fails to initialise (for pubsub.kafka: brokers unreachable); its log names the component and the reason'
  );
}

/** Dapr error replies are `{errorCode, message}`; anything else is reported verbatim. */
export function errorFromReply(
  reply: DaprReply,
  target: PostTarget,
  attempts: number,
): DaprPublishError {
  const body = (reply.body ?? {}) as { errorCode?: unknown; message?: unknown };
  const errorCode =
    typeof body.errorCode === 'string' ? body.errorCode : DAPR_CLIENT_ERROR_CODES.unexpectedReply;
  const message =
    typeof body.message === 'string' ? body.message : reply.text.slice(0, 500) || '(empty body)';
  return new DaprPublishError(message, { errorCode, status: reply.status, ...target, attempts });
}

/** What one attempt decided: a result, a transient failure (retried) or a final one. */
export type AttemptOutcome<T> =
  | { readonly done: T }
  | { readonly retry: DaprPublishError; readonly fallback?: T }
  | { readonly fail: DaprPublishError };

/**
 * Runs attempts with exponential backoff until one is done or final, or the attempts run out;
 * then the last transient failure's `fallback` is returned if it has one, else its error thrown.
 * A DaprPublishError thrown by an attempt (no reply from the sidecar) counts as transient.
 */
export async function withRetry<T>(
  retry: DaprRetryOptions,
  attemptOnce: (attempt: number) => Promise<AttemptOutcome<T>>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let outcome: AttemptOutcome<T>;
    try {
      outcome = await attemptOnce(attempt);
    } catch (error) {
      if (!(error instanceof DaprPublishError)) throw error;
      outcome = { retry: error };
    }
    if ('done' in outcome) return outcome.done;
    if ('fail' in outcome) throw outcome.fail;
    if (attempt >= retry.attempts) {
      if (outcome.fallback !== undefined) return outcome.fallback;
      throw outcome.retry;
    }
    await sleep(retry.backoffMs * 2 ** (attempt - 1));
  }
}

/** A non-2xx reply as an outcome: 5xx is transient, anything else (4xx, 3xx) final. */
export function failedReply<T>(
  reply: DaprReply,
  target: PostTarget,
  attempt: number,
): AttemptOutcome<T> {
  const error = errorFromReply(reply, target, attempt);
  return reply.status >= 500 ? { retry: error } : { fail: error };
}
