/**
 * Credentials never reach a log line or an error: SASL passwords in the kafkajs config, the Dapr
 * API token (DAPR_API_TOKEN / apiToken) and the app API token (APP_API_TOKEN). Every path that
 * logs or throws is driven with recognisable secret values (real kafkajs against a closed port,
 * real HTTP against sidecars that fail, refuse or hang, handler 401s, bad config), and all the
 * output is searched: console, kafkajs' logs, runtime loggers, and each error as message, stack,
 * JSON and util.inspect with its causes. The broker side (SASL refused by a real broker, consumer
 * crash) is in secrets.kafka.spec.ts.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { createProducer } from './kafka/producer';
import { createConsumer } from './kafka/consumer';
import { createDaprPublisher } from './dapr/publisher';
import { createDaprHandler } from './dapr/handler';
import { toCloudEvent } from './cloudevents/cloud-event';
import { freePort } from './dapr/__fixtures__/free-port';
import { taskSamples, tasks } from './kafka/__fixtures__/seed-domains';
import { OutputCapture, secretValue } from './__fixtures__/secret-capture';

const SASL_PASSWORD = secretValue('sasl');
const DAPR_API_TOKEN = secretValue('dapr-api-token');
const PUBLISHER_TOKEN = secretValue('publisher-token');
const APP_API_TOKEN = secretValue('app-api-token');
const SECRETS = [SASL_PASSWORD, DAPR_API_TOKEN, PUBLISHER_TOKEN, APP_API_TOKEN];

const created = tasks.create('task.created.v1', taskSamples['task.created.v1']);

function kafkaWithSasl(capture: OutputCapture, port: number, sasl: SASLOptions): Kafka {
  return new Kafka({
    clientId: 'secrets-spec',
    brokers: [`127.0.0.1:${port}`],
    sasl,
    connectionTimeout: 500,
    // The idempotent producer insists on retries; one short retry keeps the spec quick.
    retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
    logLevel: logLevel.DEBUG,
    logCreator: capture.kafkaLogCreator,
  });
}

const SASL_CONFIGS: SASLOptions[] = [
  { mechanism: 'plain', username: 'alice', password: SASL_PASSWORD },
  { mechanism: 'scram-sha-512', username: 'alice', password: SASL_PASSWORD },
];

/** A stand-in sidecar that replies as told, echoing the request headers back (the worst case). */
async function fakeSidecar(reply: 'echo-500' | 'refuse-401' | 'hang') {
  const server = http.createServer((req, res) => {
    if (reply === 'hang') return;
    const status = reply === 'echo-500' ? 500 : 401;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ errorCode: 'ERR_TEST', message: `headers: ${JSON.stringify(req.headers)}` }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('secrets stay out of logs and errors', () => {
  let capture: OutputCapture;
  const savedEnv = { ...process.env };

  beforeAll(() => {
    process.env['DAPR_API_TOKEN'] = DAPR_API_TOKEN;
    process.env['APP_API_TOKEN'] = APP_API_TOKEN;
  });
  afterAll(() => {
    process.env = savedEnv;
  });
  // One capture per case, so a leak is reported by the case that caused it.
  beforeEach(() => {
    capture = new OutputCapture();
    capture.captureConsole();
  });
  afterEach(() => capture.restore());

  it('the search finds a secret when one is there (positive control)', () => {
    const control = new OutputCapture();
    control.keepError(new Error('wrapped', { cause: { detail: `token=${APP_API_TOKEN}` } }));
    expect(control.leaks(SECRETS)).toHaveLength(
      control.allOutput().filter((t) => t.includes(APP_API_TOKEN)).length,
    );
    expect(control.leaks(SECRETS).length).toBeGreaterThan(0);
  });

  it('kafkajs producer and consumer with SASL credentials: connect and publish failures', async () => {
    const closed = await freePort();
    for (const sasl of SASL_CONFIGS) {
      const kafka = kafkaWithSasl(capture, closed, sasl);
      // Default loggers: consoleLogger prints through the captured console.
      const producer = createProducer(tasks, kafka);
      expect(await capture.failure(() => producer.connect())).toBeDefined();
      expect(await capture.failure(() => producer.publish(created))).toBeDefined();
      await producer.disconnect().catch((error: unknown) => capture.keepError(error));
      const onError = (error: unknown) => capture.keepError(error);
      const consumer = createConsumer(tasks, kafka, {
        groupId: 'secrets-spec',
        handlers: {},
        onError,
        stopOnSignals: false,
      });
      expect(await capture.failure(() => consumer.start())).toBeDefined();
      await consumer.stop().catch((error: unknown) => capture.keepError(error));
    }
    // A mechanism kafkajs does not know: a configuration error that must not print the config.
    const bogus = kafkaWithSasl(capture, closed, {
      mechanism: 'bogus',
      username: 'alice',
      password: SASL_PASSWORD,
    } as unknown as SASLOptions);
    expect(await capture.failure(() => createProducer(tasks, bogus).connect())).toBeDefined();
    // Not vacuous: every call failed, and kafkajs and the runtime logged about it.
    expect(capture.errors.length).toBeGreaterThanOrEqual(2 * 3 + 1);
    expect(
      capture.texts.filter((text) => text.includes(`127.0.0.1:${closed}`)).length,
    ).toBeGreaterThan(0);
    expect(capture.leaks(SECRETS)).toEqual([]);
  });

  it('Dapr publisher with DAPR_API_TOKEN or apiToken: sidecar unreachable, failing, refusing, hanging', async () => {
    const closed = await freePort();
    const publishers = [
      createDaprPublisher(tasks, { port: closed, retry: { attempts: 2, backoffMs: 1 } }),
      createDaprPublisher(tasks, {
        port: closed,
        apiToken: PUBLISHER_TOKEN,
        retry: { attempts: 1, backoffMs: 0 },
      }),
      createDaprPublisher(tasks, {
        port: closed,
        apiToken: PUBLISHER_TOKEN,
        fetch,
        retry: { attempts: 1, backoffMs: 0 },
      }),
    ];
    for (const publisher of publishers) {
      expect(await capture.failure(() => publisher.publish(created))).toBeDefined();
      expect(await capture.failure(() => publisher.publishBulk([created]))).toBeDefined();
    }
    for (const reply of ['echo-500', 'refuse-401', 'hang'] as const) {
      const sidecar = await fakeSidecar(reply);
      try {
        for (const apiToken of [undefined, PUBLISHER_TOKEN]) {
          for (const transport of [undefined, fetch]) {
            const publisher = createDaprPublisher(tasks, {
              port: sidecar.port,
              apiToken,
              fetch: transport,
              timeoutMs: 200,
              retry: { attempts: 1, backoffMs: 0 },
            });
            expect(await capture.failure(() => publisher.publish(created))).toBeDefined();
            expect(await capture.failure(() => publisher.publishBulk([created]))).toBeDefined();
          }
        }
      } finally {
        await sidecar.close();
      }
    }
    expect(capture.errors.length).toBeGreaterThanOrEqual(30);
    expect(capture.leaks(SECRETS)).toEqual([]);
    // eight 200 ms timeouts against the hanging sidecar alone: jest's 5 s default is too tight
    // on a loaded CI machine (seen at load average 24)
  }, 30_000);

  it('bad token configuration is refused without quoting the token', async () => {
    const numeric = 987654321987;
    expect(
      await capture.failure(() =>
        createDaprHandler(tasks, { handlers: {}, appApiToken: numeric as unknown as string }),
      ),
    ).toBeInstanceOf(TypeError);
    const withNewline = `line\n${PUBLISHER_TOKEN}`;
    for (const transport of [undefined, fetch]) {
      expect(
        await capture.failure(() =>
          createDaprPublisher(tasks, { apiToken: withNewline, fetch: transport }),
        ),
      ).toBeInstanceOf(TypeError);
    }
    process.env['DAPR_API_TOKEN'] = `${DAPR_API_TOKEN}\r`;
    try {
      expect(await capture.failure(() => createDaprPublisher(tasks))).toBeInstanceOf(TypeError);
    } finally {
      process.env['DAPR_API_TOKEN'] = DAPR_API_TOKEN;
    }
    expect(capture.errors).toHaveLength(4);
    expect(capture.leaks([...SECRETS, String(numeric)])).toEqual([]);
  });

  it('Dapr handler with APP_API_TOKEN: 401s, failing handlers, and what handlers are given', async () => {
    const seenHeaders: Record<string, string>[] = [];
    const handler = createDaprHandler(tasks, {
      handlers: {
        'task.created.v1': (_event, context) => {
          seenHeaders.push({ ...context.headers });
          throw new Error('handler failed');
        },
      },
    });
    const path = Object.keys(handler.routes)[0]!;
    const body = toCloudEvent(tasks, created);
    const replies = [];
    for (const token of [undefined, 'wrong', APP_API_TOKEN.slice(0, -1), APP_API_TOKEN]) {
      const headers = token === undefined ? {} : { 'dapr-api-token': token };
      replies.push(
        (await handler.handle({ path: '/events/task-events/task.created.v1', body, headers }))
          .status,
      );
      replies.push((await handler.handle({ path: '/nowhere', body, headers })).status);
      replies.push((await handler.handle({ path, body: 'not json', headers })).status);
    }
    expect(replies).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 404, 200]);
    // Over HTTP as well: GET /dapr/subscribe and a delivery without the token.
    const server = http.createServer(handler.nodeListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const response of [
        await fetch(`${url}/dapr/subscribe`),
        await fetch(`${url}/events/task-events`, { method: 'POST', body: JSON.stringify(body) }),
      ]) {
        expect(response.status).toBe(401);
        capture.texts.push(await response.text());
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // The handler ran (the right token) but was not handed the token among the headers.
    expect(seenHeaders).toHaveLength(1);
    capture.texts.push(JSON.stringify(seenHeaders));
    expect(capture.texts.some((text) => text.includes('Dapr delivery refused'))).toBe(true);
    expect(capture.leaks(SECRETS)).toEqual([]);
  });
});
