/**
 * The routes of one or more delivery handlers as a node:http request listener. It also works as
 * express/connect middleware (`app.use(listener)`): requests it does not own go to `next`, and a
 * body a body-parser already read is taken from `req.body`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DaprSubscription } from './subscriptions';
import type { DaprDeliveryRequest, DaprDeliveryResponse } from './handler-types';
import type { AppTokenCheck } from './app-token';

export const DAPR_SUBSCRIBE_PATH = '/dapr/subscribe';

export type DaprNodeListener = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Whatever a framework left in `req.body` when it consumed the stream itself. */
async function requestBody(req: IncomingMessage): Promise<DaprDeliveryRequest['body']> {
  if (!req.readableEnded) return readBody(req);
  return (req as IncomingMessage & { body?: DaprDeliveryRequest['body'] }).body;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Header names lowercased, repeated headers joined: one string per header. */
export function flatHeaders(headers: DaprDeliveryRequest['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return result;
}

/** The path of a request URL; a URL that does not parse is kept as given (no route has it). */
export function pathOf(url: string | undefined): string {
  if (!URL.canParse(url ?? '/', 'http://localhost')) return url ?? '/';
  return new URL(url ?? '/', 'http://localhost').pathname;
}

export function nodeListenerFor(
  handle: (request: DaprDeliveryRequest) => Promise<DaprDeliveryResponse>,
  owns: (path: string) => boolean,
  subscriptions: () => readonly DaprSubscription[] | undefined,
  authorize: AppTokenCheck,
): DaprNodeListener {
  return (req, res, next) => {
    const path = pathOf(req.url);
    const list = subscriptions();
    if (req.method === 'GET' && path === DAPR_SUBSCRIBE_PATH && list !== undefined) {
      if (authorize(flatHeaders(req.headers))) send(res, 200, list);
      else send(res, 401, { message: 'missing or wrong dapr-api-token (APP_API_TOKEN)' });
      return;
    }
    if (!owns(path)) {
      if (next) next();
      else send(res, 404, { message: `No Dapr route ${path}` });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      send(res, 405, { message: `Dapr delivers with POST, got ${String(req.method)}` });
      return;
    }
    requestBody(req)
      .then((body) => handle({ path, body, headers: req.headers }))
      .then((reply) => send(res, reply.status, reply.body))
      .catch((error: unknown) => {
        // Only reading the request can fail here (handle() never throws); 500 makes Dapr retry.
        if (!res.headersSent)
          send(res, 500, { message: String((error as Error)?.message ?? error) });
      });
  };
}
