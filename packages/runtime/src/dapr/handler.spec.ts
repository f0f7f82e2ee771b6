import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pydanticCreatedJson } from '../core/__fixtures__/tasks-domain';
import {
  recurring,
  recurringSamples,
  taskSamples,
  tasks,
} from '../kafka/__fixtures__/seed-domains';
import { toCloudEvent } from '../cloudevents/cloud-event';
import { combineDaprHandlers, createDaprHandler } from './handler';
import { daprSubscriptions } from './subscriptions';
import { recordingLogger } from './__fixtures__/dapr-loggers';

const created = tasks.create('task.created.v1', taskSamples['task.created.v1']);
const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1']);
const CREATED_PATH = '/events/task-events/task.created.v1';
const DEFAULT_PATH = '/events/task-events';

function setup(overrides: Partial<Parameters<typeof createDaprHandler<typeof tasks>>[1]> = {}) {
  const { logger, lines } = recordingLogger();
  const seen: unknown[] = [];
  const handler = createDaprHandler(tasks, {
    logger,
    handlers: {
      'task.created.v1': (event, context) => {
        seen.push({ event, context });
        if (event.payload.title === 'boom') throw new Error('boom');
        if (event.payload.title === 'drop me') return 'DROP';
      },
      'task.completed.v1': async (event) => void seen.push({ event }),
    },
    ...overrides,
  });
  return { handler, lines, seen };
}

describe('createDaprHandler: statuses', () => {
  const cloudEvent = toCloudEvent(tasks, created);

  it.each([
    ['data as an object', cloudEvent],
    ['data as a JSON string', { ...cloudEvent, data: JSON.stringify(created) }],
    [
      'data_base64',
      {
        ...cloudEvent,
        data: undefined,
        data_base64: Buffer.from(JSON.stringify(created)).toString('base64'),
      },
    ],
    ['a body Buffer', Buffer.from(JSON.stringify(cloudEvent))],
    ['a body string', JSON.stringify(cloudEvent)],
    [
      'a CloudEvent Dapr wrapped itself',
      { specversion: '1.0', id: 'x', source: 'app', type: 'com.dapr.event.sent', data: created },
    ],
  ])('SUCCESS for %s, with the typed event passed to its handler', async (_what, body) => {
    const { handler, seen, lines } = setup();
    const reply = await handler.handle({
      path: CREATED_PATH,
      body: body as never,
      headers: {
        __key: created.payload.task_id,
        __partition: '2',
        __offset: '41',
        __topic: 'task-events',
      },
    });
    expect(reply).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(seen).toEqual([
      {
        event: created,
        context: expect.objectContaining({
          path: CREATED_PATH,
          kafka: { key: created.payload.task_id, topic: 'task-events', partition: 2, offset: '41' },
        }),
      },
    ]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        details: expect.objectContaining({ status: 'SUCCESS', eventId: created.event_id }),
      }),
    ]);
  });

  it('dispatches by the event type, also for Pydantic unversioned types at the default route', async () => {
    const { handler, seen } = setup();
    const pydantic = pydanticCreatedJson({ event_type: 'task.created' });
    const reply = await handler.handle({
      path: DEFAULT_PATH,
      body: {
        specversion: '1.0',
        id: 'x',
        source: 'py',
        type: 'task.created',
        data: { ...pydantic, payload: { ...taskSamples['task.created.v1'] } },
      },
    });
    expect(reply.body.status).toBe('SUCCESS');
    expect((seen[0] as { event: { event_type: string } }).event.event_type).toBe('task.created.v1');
  });

  it('accepts a bare envelope only when the subscription uses rawPayload', async () => {
    expect(
      (await setup().handler.handle({ path: DEFAULT_PATH, body: tasks.serialize(created) })).body
        .status,
    ).toBe('DROP');
    expect(
      (
        await setup({ rawPayload: true }).handler.handle({
          path: DEFAULT_PATH,
          body: tasks.serialize(created),
        })
      ).body.status,
    ).toBe('SUCCESS');
  });

  it.each([
    ['not JSON', 'definitely not json', /not valid JSON/],
    ['an empty body', '', /empty body/],
    ['a JSON array', '[1,2]', /must be a JSON object/],
    ['not a CloudEvent', { hello: 'world' }, /not a CloudEvent/],
    ['another CloudEvents version', { ...cloudEvent, specversion: '0.3' }, /specversion/],
    ['a CloudEvent without data', { ...cloudEvent, data: undefined }, /has no data/],
    [
      'an unknown event type',
      { ...cloudEvent, data: { ...created, event_type: 'task.exploded.v1' } },
      /Unknown event type "task.exploded.v1"/,
    ],
    [
      'a payload violating the schema',
      { ...cloudEvent, data: { ...created, payload: { ...created.payload, priority: 'urgent' } } },
      /payload\.priority/,
    ],
  ])('DROP for %s, logged with the reason', async (_what, body, reason) => {
    const { handler, seen, lines } = setup();
    const reply = await handler.handle({ path: CREATED_PATH, body: body as never });
    expect(reply).toEqual({ status: 200, body: { status: 'DROP' } });
    expect(seen).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', details: { status: 'DROP' } });
    expect(lines[0]!.details!['reason']).toMatch(reason);
  });

  it('RETRY when the handler throws, unless onError decides otherwise', async () => {
    const boom = toCloudEvent(
      tasks,
      tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], title: 'boom' }),
    );
    const plain = setup();
    expect((await plain.handler.handle({ path: CREATED_PATH, body: boom })).body.status).toBe(
      'RETRY',
    );
    expect(plain.lines[0]).toMatchObject({
      level: 'warn',
      details: { status: 'RETRY', reason: 'boom' },
    });

    const onError = jest.fn().mockReturnValue('DROP');
    const decided = setup({ onError });
    expect((await decided.handler.handle({ path: CREATED_PATH, body: boom })).body.status).toBe(
      'DROP',
    );
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'boom' }),
      expect.objectContaining({ event_type: 'task.created.v1' }),
      expect.objectContaining({ path: CREATED_PATH }),
    );

    const broken = setup({
      onError: () => {
        throw new Error('hook failed');
      },
    });
    expect((await broken.handler.handle({ path: CREATED_PATH, body: boom })).body.status).toBe(
      'RETRY',
    );
  });

  it('lets a handler choose the status, and acknowledges known types it has no handler for', async () => {
    const { handler, lines } = setup();
    const dropMe = toCloudEvent(
      tasks,
      tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], title: 'drop me' }),
    );
    expect((await handler.handle({ path: CREATED_PATH, body: dropMe })).body.status).toBe('DROP');
    const deleted = toCloudEvent(
      tasks,
      tasks.create('task.deleted.v1', taskSamples['task.deleted.v1']),
    );
    expect(
      (await handler.handle({ path: '/events/task-events/task.deleted.v1', body: deleted })).body
        .status,
    ).toBe('SUCCESS');
    expect(lines[1]!.message).toMatch(/no handler for task.deleted.v1/);
  });

  it('answers 404 for a path it does not own', async () => {
    const { handler, lines } = setup();
    expect(
      await handler.handle({ path: '/elsewhere', body: toCloudEvent(tasks, completed) }),
    ).toEqual({ status: 404, body: { status: 'DROP' } });
    expect(lines[0]).toMatchObject({ level: 'error' });
  });

  it('refuses handlers for types the domain does not have', () => {
    expect(() =>
      createDaprHandler(tasks, { handlers: { 'task.exploded.v1': () => undefined } as never }),
    ).toThrow(/tasks has no event type "task.exploded.v1"/);
  });
});

describe('createDaprHandler: routes and subscriptions', () => {
  it('owns one path per event type plus the default route, matching its subscription', () => {
    const { handler } = setup();
    expect(handler.subscriptions).toEqual(daprSubscriptions(tasks));
    expect(Object.keys(handler.routes).sort()).toEqual(
      [DEFAULT_PATH, ...tasks.eventTypes.map((t) => `${DEFAULT_PATH}/${t}`)].sort(),
    );
  });
});

describe('nodeListener', () => {
  async function listen(listener: http.RequestListener) {
    const server = http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('serves GET /dapr/subscribe and deliveries over node:http', async () => {
    const { handler, seen } = setup();
    const app = await listen(handler.nodeListener);
    try {
      const subscribe = await fetch(`${app.url}/dapr/subscribe`);
      expect(await subscribe.json()).toEqual(handler.subscriptions);
      const delivered = await fetch(`${app.url}${CREATED_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json', __key: 'k' },
        body: JSON.stringify(toCloudEvent(tasks, created)),
      });
      expect([delivered.status, await delivered.json()]).toEqual([200, { status: 'SUCCESS' }]);
      expect(seen).toHaveLength(1);
      const garbage = await fetch(`${app.url}${CREATED_PATH}`, { method: 'POST', body: '{oops' });
      expect(await garbage.json()).toEqual({ status: 'DROP' });
      expect((await fetch(`${app.url}/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
      expect((await fetch(`${app.url}${CREATED_PATH}`)).status).toBe(405);
    } finally {
      await app.close();
    }
  });

  it('works as express-style middleware: next() for foreign paths, req.body from a body parser', async () => {
    const { handler, seen } = setup({ serveSubscriptions: false });
    const cloudEvent = toCloudEvent(tasks, completed);
    const app = await listen((req, res) => {
      const next = () => {
        res.writeHead(418);
        res.end('next');
      };
      if (req.url === '/parsed/events/task-events/task.completed.v1') {
        // What express.json({type: '*/*'}) leaves behind: the stream consumed, req.body set.
        req.resume();
        req.on('end', () => {
          Object.assign(req, { body: cloudEvent, url: '/events/task-events/task.completed.v1' });
          handler.nodeListener(req, res, next);
        });
        return;
      }
      handler.nodeListener(req, res, next);
    });
    try {
      expect((await fetch(`${app.url}/health`)).status).toBe(418);
      expect((await fetch(`${app.url}/dapr/subscribe`)).status).toBe(418);
      const reply = await fetch(`${app.url}/parsed/events/task-events/task.completed.v1`, {
        method: 'POST',
        body: 'ignored',
      });
      expect(await reply.json()).toEqual({ status: 'SUCCESS' });
      expect(seen).toEqual([{ event: completed }]);
    } finally {
      await app.close();
    }
  });
});

describe('combineDaprHandlers', () => {
  it('serves several domains from one listener and one subscription list', async () => {
    const { handler: taskHandler } = setup();
    const triggered: string[] = [];
    const recurringHandler = createDaprHandler(recurring, {
      logger: recordingLogger().logger,
      handlers: { 'recurring.triggered.v1': (e) => void triggered.push(e.event_id) },
    });
    const both = combineDaprHandlers(taskHandler, recurringHandler);
    expect(both.subscriptions.map((s) => s.topic)).toEqual(['task-events', 'recurring-events']);
    const event = recurring.create(
      'recurring.triggered.v1',
      recurringSamples['recurring.triggered.v1'],
    );
    expect(
      (
        await both.handle({
          path: '/events/recurring-events/recurring.triggered.v1',
          body: toCloudEvent(recurring, event),
        })
      ).body.status,
    ).toBe('SUCCESS');
    expect(triggered).toEqual([event.event_id]);
    expect((await both.handle({ path: '/none', body: {} })).status).toBe(404);
    expect(() => combineDaprHandlers(taskHandler, setup().handler)).toThrow(
      /two handlers own the path/,
    );
  });
});

describe('createDaprHandler: app API token and trace context', () => {
  const body = toCloudEvent(tasks, created);

  async function listen(
    listener: http.RequestListener,
  ): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  it('refuses deliveries and GET /dapr/subscribe without the token daprd sends, 401 so daprd does not count them done', async () => {
    const { handler, seen, lines } = setup({ appApiToken: 's3cret' });
    const server = await listen(handler.nodeListener);
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${server.url}${CREATED_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents+json', ...headers },
          body: JSON.stringify(body),
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ 'dapr-api-token': 's3cre' })).status).toBe(401);
      expect((await post({ 'dapr-api-token': 's3cretX' })).status).toBe(401);
      expect(seen).toEqual([]);
      const ok = await post({ 'dapr-api-token': 's3cret' });
      expect([ok.status, await ok.json()]).toEqual([200, { status: 'SUCCESS' }]);
      expect(seen).toHaveLength(1);
      expect((await fetch(`${server.url}/dapr/subscribe`)).status).toBe(401);
      const list = await fetch(`${server.url}/dapr/subscribe`, {
        headers: { 'dapr-api-token': 's3cret' },
      });
      expect([list.status, await list.json()]).toEqual([200, daprSubscriptions(tasks)]);
      expect(lines.filter((l) => l.message.includes('dapr-api-token'))).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('reads APP_API_TOKEN from the environment unless told otherwise', async () => {
    process.env['APP_API_TOKEN'] = 'from-env';
    try {
      const fromEnv = setup().handler;
      expect(fromEnv.authorize({})).toBe(false);
      expect(fromEnv.authorize({ 'dapr-api-token': 'from-env' })).toBe(true);
      expect(setup({ appApiToken: false }).handler.authorize({})).toBe(true);
      expect((await fromEnv.handle({ path: CREATED_PATH, body })).status).toBe(401);
    } finally {
      delete process.env['APP_API_TOKEN'];
    }
    expect(setup().handler.authorize({})).toBe(true);
  });

  it('passes the W3C trace context on: the header first, else the CloudEvent attribute', async () => {
    const { handler, seen } = setup();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await handler.handle({
      path: CREATED_PATH,
      body: { ...body, traceparent: 'ignored-when-header' },
      headers: { traceparent, tracestate: 'k=v' },
    });
    await handler.handle({ path: CREATED_PATH, body: { ...body, traceparent } });
    await handler.handle({ path: CREATED_PATH, body });
    expect(seen.map((s) => (s as { context: { trace: unknown } }).context.trace)).toEqual([
      { traceparent, tracestate: 'k=v' },
      { traceparent },
      {},
    ]);
  });

  it('a combined handler needs every domain token', () => {
    const a = setup({ appApiToken: 'one' }).handler;
    const b = createDaprHandler(recurring, {
      logger: recordingLogger().logger,
      handlers: {},
      appApiToken: 'one',
    });
    const combined = combineDaprHandlers(a, b);
    expect(combined.authorize({ 'dapr-api-token': 'one' })).toBe(true);
    expect(combined.authorize({ 'dapr-api-token': 'two' })).toBe(false);
  });
});
