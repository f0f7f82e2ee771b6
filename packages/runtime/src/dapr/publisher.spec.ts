import { CloudEvent } from 'cloudevents';
import { SEED_DOMAINS, taskSamples, tasks } from '../kafka/__fixtures__/seed-domains';
import { EventValidationError } from '../core/errors';
import type { AnyEventDomain } from '../core/domain-types';
import { createDaprPublisher } from './publisher';
import { DaprPublishError } from './errors';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that answers from a script and records every request. */
function scriptedFetch(...replies: (Response | Error | 'hang')[]) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    if (reply === 'hang') {
      return new Promise((_resolve, reject) =>
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason)),
      );
    }
    if (reply instanceof Error) throw reply;
    return reply.clone();
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

const noContent = () => new Response(null, { status: 204 });
const daprError = (status: number, errorCode: string, message = 'failed') =>
  new Response(JSON.stringify({ errorCode, message }), {
    status,
    headers: { 'content-type': 'application/json' },
  });

const created = tasks.create('task.created.v1', taskSamples['task.created.v1']);
const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1'], {
  causedBy: created,
});
const fast = { retry: { attempts: 3, backoffMs: 1 } };

describe('createDaprPublisher().publish', () => {
  const savedEnv = { ...process.env };
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it('POSTs the CloudEvent as application/cloudevents+json with the entity id as partitionKey', async () => {
    const { fetchImpl, calls } = scriptedFetch(noContent());
    await createDaprPublisher(tasks, { fetch: fetchImpl }).publish(completed);
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [Call];
    expect(url).toBe(
      `http://localhost:3500/v1.0/publish/kafka-pubsub/task-events?metadata.partitionKey=${completed.payload.task_id}`,
    );
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'content-type': 'application/cloudevents+json' });
    const body = JSON.parse(init.body as string);
    expect(body).toMatchObject({
      specversion: '1.0',
      type: 'task.completed.v1',
      id: completed.event_id,
      time: completed.timestamp,
      source: '/tasks',
      correlationid: created.event_id,
      causationid: created.event_id,
      data: completed,
    });
  });

  it('reads DAPR_HOST, DAPR_HTTP_PORT and DAPR_API_TOKEN; options win', async () => {
    process.env['DAPR_HOST'] = 'sidecar';
    process.env['DAPR_HTTP_PORT'] = '3601';
    process.env['DAPR_API_TOKEN'] = 's3cret';
    const { fetchImpl, calls } = scriptedFetch(noContent());
    await createDaprPublisher(tasks, {
      fetch: fetchImpl,
      pubsubName: 'pubsub',
      topic: 'tasks.v1',
      metadata: { ttlInSeconds: '60' },
    }).publish(created);
    expect(calls[0]!.url).toBe(
      `http://sidecar:3601/v1.0/publish/pubsub/tasks.v1?metadata.ttlInSeconds=60&metadata.partitionKey=${created.payload.task_id}`,
    );
    expect(calls[0]!.init.headers).toEqual({
      'content-type': 'application/cloudevents+json',
      'dapr-api-token': 's3cret',
    });
    await createDaprPublisher(tasks, {
      fetch: fetchImpl,
      host: '::1',
      port: 4000,
      apiToken: 'other',
    }).publish(created);
    expect(calls[1]!.url).toMatch(
      /^http:\/\/\[::1\]:4000\/v1\.0\/publish\/kafka-pubsub\/task-events\?/,
    );
    expect(calls[1]!.init.headers).toMatchObject({ 'dapr-api-token': 'other' });
  });

  it('sends only CloudEvents that pass the strict cloudevents SDK validation, for every seed event type', async () => {
    for (const { domain, samples } of SEED_DOMAINS) {
      const seed = domain as AnyEventDomain;
      for (const [type, payload] of Object.entries(samples)) {
        const { fetchImpl, calls } = scriptedFetch(noContent());
        await createDaprPublisher(seed, { fetch: fetchImpl }).publish(
          seed.create(type, payload as never, {}),
        );
        const body = JSON.parse(calls[0]!.init.body as string);
        expect(new CloudEvent(body, true).validate()).toBe(true);
        expect(body.type).toBe(type);
      }
    }
  });

  it('throws a typed error with errorCode and status for a 4xx reply, without retrying', async () => {
    const { fetchImpl, calls } = scriptedFetch(
      daprError(404, 'ERR_PUBSUB_NOT_FOUND', 'pubsub kafka-pubsub not found'),
    );
    const error = await createDaprPublisher(tasks, { fetch: fetchImpl, ...fast })
      .publish(created)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaprPublishError);
    expect(error).toMatchObject({
      code: 'DAPR_PUBLISH_FAILED',
      errorCode: 'ERR_PUBSUB_NOT_FOUND',
      status: 404,
      attempts: 1,
      retryable: false,
      pubsubName: 'kafka-pubsub',
      topic: 'task-events',
    });
    expect((error as Error).message).toContain('pubsub kafka-pubsub not found');
    expect(calls).toHaveLength(1);
  });

  it('retries 5xx and unreachable sidecars as configured', async () => {
    const flaky = scriptedFetch(
      daprError(500, 'ERR_PUBSUB_PUBLISH_MESSAGE'),
      new TypeError('fetch failed'),
      noContent(),
    );
    await createDaprPublisher(tasks, { fetch: flaky.fetchImpl, ...fast }).publish(created);
    expect(flaky.calls).toHaveLength(3);

    const down = scriptedFetch(daprError(503, 'ERR_PUBSUB_PUBLISH_MESSAGE', 'broker down'));
    await expect(
      createDaprPublisher(tasks, { fetch: down.fetchImpl, ...fast }).publish(created),
    ).rejects.toMatchObject({
      errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE',
      status: 503,
      attempts: 3,
      retryable: true,
    });
    expect(down.calls).toHaveLength(3);

    const unreachable = scriptedFetch(new TypeError('fetch failed'));
    await expect(
      createDaprPublisher(tasks, {
        fetch: unreachable.fetchImpl,
        retry: { attempts: 2, backoffMs: 1 },
      }).publish(created),
    ).rejects.toMatchObject({ errorCode: 'ERR_DAPR_UNREACHABLE', status: undefined, attempts: 2 });
  });

  it('gives up on a silent sidecar after timeoutMs', async () => {
    const { fetchImpl } = scriptedFetch('hang');
    await expect(
      createDaprPublisher(tasks, {
        fetch: fetchImpl,
        timeoutMs: 20,
        retry: { attempts: 1, backoffMs: 0 },
      }).publish(created),
    ).rejects.toMatchObject({ errorCode: 'ERR_DAPR_TIMEOUT' });
  });

  it('refuses an invalid event before any request, and bad options at creation', async () => {
    const { fetchImpl, calls } = scriptedFetch(noContent());
    const forged = { ...created, payload: { ...created.payload, task_id: 'nope' } };
    await expect(createDaprPublisher(tasks, { fetch: fetchImpl }).publish(forged)).rejects.toThrow(
      EventValidationError,
    );
    expect(calls).toHaveLength(0);
    expect(() => createDaprPublisher(tasks, { port: 'http' })).toThrow(/port must be an integer/);
    expect(() => createDaprPublisher(tasks, { retry: { attempts: 0, backoffMs: 1 } })).toThrow(
      /retry.attempts/,
    );
    expect(() => createDaprPublisher(tasks, { metadata: { partitionKey: 'x' } })).toThrow(
      /metadata.partitionKey is set by the publisher/,
    );
  });
});

describe('createDaprPublisher().publishBulk', () => {
  it('sends one entry per event and reports nothing failed on 204', async () => {
    const { fetchImpl, calls } = scriptedFetch(noContent());
    const result = await createDaprPublisher(tasks, { fetch: fetchImpl }).publishBulk([
      created,
      completed,
    ]);
    expect(result).toEqual({ failedEntries: [] });
    expect(calls[0]!.url).toBe(
      'http://localhost:3500/v1.0-alpha1/publish/bulk/kafka-pubsub/task-events',
    );
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual([
      {
        entryId: '0',
        event: expect.objectContaining({ id: created.event_id }),
        contentType: 'application/cloudevents+json',
        metadata: { partitionKey: created.payload.task_id },
      },
      {
        entryId: '1',
        event: expect.objectContaining({ id: completed.event_id }),
        contentType: 'application/cloudevents+json',
        metadata: { partitionKey: completed.payload.task_id },
      },
    ]);
  });

  it('retries only the failed entries and reports those still failing with their events', async () => {
    const partial = (ids: string[]) =>
      new Response(
        JSON.stringify({
          failedEntries: ids.map((entryId) => ({ entryId, error: `entry ${entryId} too large` })),
          errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE',
        }),
        { status: 500 },
      );
    const third = tasks.create('task.deleted.v1', taskSamples['task.deleted.v1']);
    const { fetchImpl, calls } = scriptedFetch(partial(['1', '2']), partial(['2']));
    const result = await createDaprPublisher(tasks, {
      fetch: fetchImpl,
      retry: { attempts: 2, backoffMs: 1 },
    }).publishBulk([created, completed, third]);
    expect(result.failedEntries).toEqual([
      { entryId: '2', event: third, error: 'entry 2 too large' },
    ]);
    expect(calls).toHaveLength(2);
    expect(
      JSON.parse(calls[1]!.init.body as string).map((e: { entryId: string }) => e.entryId),
    ).toEqual(['1', '2']);
  });

  it('throws for a refused request, sends nothing for no events and validates every event first', async () => {
    const refused = scriptedFetch(daprError(400, 'ERR_PUBSUB_EVENTS_SER'));
    await expect(
      createDaprPublisher(tasks, { fetch: refused.fetchImpl }).publishBulk([created]),
    ).rejects.toMatchObject({ errorCode: 'ERR_PUBSUB_EVENTS_SER', status: 400 });
    const idle = scriptedFetch(noContent());
    expect(await createDaprPublisher(tasks, { fetch: idle.fetchImpl }).publishBulk([])).toEqual({
      failedEntries: [],
    });
    const forged = { ...completed, payload: { ...completed.payload, completed_at: 'yesterday' } };
    await expect(
      createDaprPublisher(tasks, { fetch: idle.fetchImpl }).publishBulk([created, forged]),
    ).rejects.toThrow(/payload\.completed_at/);
    expect(idle.calls).toHaveLength(0);
  });
});

describe('createDaprPublisher over node:http (no fetch option: what production uses)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('node:http') as typeof import('node:http');
  interface Seen {
    method: string;
    url: string;
    headers: Record<string, unknown>;
    body: string;
  }

  /** An HTTP endpoint in place of daprd for the client alone: answers from a script, records every request. */
  async function sidecar(...answers: ((res: import('node:http').ServerResponse) => void)[]) {
    const seen: Seen[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        (answers.length > 1 ? answers.shift()! : answers[0]!)(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    return { port, seen, close };
  }
  const status =
    (code: number, body = '') =>
    (res: import('node:http').ServerResponse) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(body);
    };

  it('sends the same request as with fetch: path, headers (token, trace), body; retries a 5xx', async () => {
    const car = await sidecar(
      status(
        500,
        JSON.stringify({ errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE', message: 'broker busy' }),
      ),
      status(204),
    );
    try {
      const publisher = createDaprPublisher(tasks, {
        host: '127.0.0.1',
        port: car.port,
        apiToken: 't0k',
        ...fast,
      });
      await publisher.publish(completed, {
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });
      expect(car.seen).toHaveLength(2);
      const [first] = car.seen as [Seen];
      expect(first.method).toBe('POST');
      expect(first.url).toBe(
        `/v1.0/publish/kafka-pubsub/task-events?metadata.partitionKey=${completed.payload.task_id}`,
      );
      expect(first.headers).toMatchObject({
        'content-type': 'application/cloudevents+json',
        'dapr-api-token': 't0k',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'content-length': String(Buffer.byteLength(first.body)),
      });
      expect(JSON.parse(first.body)).toMatchObject({
        id: completed.event_id,
        type: 'task.completed.v1',
        data: completed,
      });
    } finally {
      await car.close();
    }
  });

  it('a reply that never comes is a timeout; a refused connection says the sidecar is unreachable', async () => {
    const car = await sidecar(() => undefined /* never answers */);
    try {
      const error = await createDaprPublisher(tasks, {
        host: '127.0.0.1',
        port: car.port,
        timeoutMs: 200,
        retry: { attempts: 2, backoffMs: 1 },
      })
        .publish(created)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DaprPublishError);
      expect(error).toMatchObject({ errorCode: 'ERR_DAPR_TIMEOUT', attempts: 2 });
      expect(car.seen).toHaveLength(2);
    } finally {
      await car.close();
    }
    const refused = await createDaprPublisher(tasks, {
      host: '127.0.0.1',
      port: car.port,
      retry: { attempts: 1, backoffMs: 1 },
    })
      .publish(created)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ errorCode: 'ERR_DAPR_UNREACHABLE', attempts: 1 });
    expect((refused as Error).message).toContain('(ECONNREFUSED)');
  });
});
