/**
 * Dapr delivery handler fuzz: bodies that are not JSON, not CloudEvents, JSON mutations of valid
 * CloudEvents (every field as every JSON type, keys removed, hostile keys), huge and deep bodies,
 * and header mutations (token missing, wrong, repeated, huge; content-type, traceparent, Kafka
 * metadata, hostile names), with handlers that succeed, ask for a status, throw or reject. Every
 * reply must be a well-formed Dapr answer with the right HTTP status, handlers see only valid
 * frozen events, nothing rejects unhandled and no prototype changes. Seeded: SEED=<n> replays.
 * The second part sends a share of the same cases over real HTTP to the node:http listener.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { toCloudEvent } from '../cloudevents/cloud-event';
import type { AnyEventDomain } from '../core/domain-types';
import { SEED_DOMAINS } from '../kafka/__fixtures__/seed-domains';
import {
  FUZZ_SEED,
  INVALID_UTF8,
  REPLAY,
  Random,
  deepJsonText,
  describeThrown,
  jsonMutations,
  prototypeGuard,
  reportCounts,
  unfrozenPart,
  wideJsonText,
} from '../__fixtures__/fuzz';
import { createDaprHandler, type DaprHandler } from './handler';
import type { DaprDeliveryRequest, DaprLogger, DaprStatus } from './handler-types';

const TOKEN = `app-token-${FUZZ_SEED}`;

/** What the event handlers do in a case, and the status Dapr must then get. */
const BEHAVIOURS: readonly [string, () => unknown, DaprStatus][] = [
  ['returns nothing', () => undefined, 'SUCCESS'],
  ['asks for DROP', () => 'DROP', 'DROP'],
  ['asks for RETRY', () => 'RETRY', 'RETRY'],
  ['returns a bogus status', () => 'MAYBE', 'RETRY'],
  ['resolves later', () => Promise.resolve(undefined), 'SUCCESS'],
  [
    'throws',
    () => {
      throw new Error('handler failed');
    },
    'RETRY',
  ],
  [
    'throws a non-error',
    () => {
      throw Object.create(null);
    },
    'RETRY',
  ],
  ['rejects', () => Promise.reject(new Error('later')), 'RETRY'],
];

interface Target {
  readonly domain: AnyEventDomain;
  readonly handler: DaprHandler;
  /** Every valid event handed to a handler in the current case. */
  readonly calls: unknown[];
  /** Problems the handlers found with what they were given. */
  readonly problems: string[];
  behaviour: () => unknown;
  validBodies: unknown[];
}

const quiet: DaprLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const throwing: DaprLogger = {
  info: () => {
    throw new Error('logger down');
  },
  warn: () => {
    throw new Error('logger down');
  },
  error: () => {
    throw new Error('logger down');
  },
};

function target(
  domain: AnyEventDomain,
  samples: Record<string, unknown>,
  logger: DaprLogger,
): Target {
  const state: Target = {
    domain,
    calls: [],
    problems: [],
    behaviour: () => undefined,
    validBodies: [],
    handler: undefined as never,
  };
  const handlers = Object.fromEntries(
    domain.eventTypes.map((type) => [
      type,
      (event: unknown) => {
        state.calls.push(event);
        // The handler must only ever see a valid, frozen event of its own type.
        const check = domain.safeValidate(event);
        if (!check.success)
          state.problems.push(`handler got an invalid event: ${check.error.message}`);
        else if ((event as { event_type: string }).event_type !== type)
          state.problems.push(
            `the ${type} handler got ${(event as { event_type: string }).event_type}`,
          );
        const unfrozen = unfrozenPart(event);
        if (unfrozen !== undefined)
          state.problems.push(`handler got an event whose ${unfrozen} is not frozen`);
        return state.behaviour();
      },
    ]),
  );
  (state as { handler: DaprHandler }).handler = createDaprHandler(domain, {
    handlers: handlers as never,
    logger,
    appApiToken: TOKEN,
  });
  state.validBodies = Object.entries(samples).map(([type, payload]) =>
    toCloudEvent(domain, domain.create(type as never, payload as never) as never),
  );
  return state;
}

/** Bodies: JSON mutations of each valid CloudEvent, garbage, extremes; each labelled. */
function bodies(random: Random, valid: readonly unknown[]): [string, unknown][] {
  const cases: [string, unknown][] = [];
  for (const cloudEvent of valid) {
    cases.push(['a valid CloudEvent', cloudEvent]);
    const mutations = jsonMutations(JSON.parse(JSON.stringify(cloudEvent)));
    // A seeded third of each event's mutations: all of them are in the decoder fuzz already.
    for (const { label, value } of mutations.filter(() => random.float() < 0.34))
      cases.push([label, value]);
  }
  for (let i = 0; i < 60; i++) cases.push([`random bytes #${i}`, random.bytes(random.int(0, 200))]);
  for (const bad of INVALID_UTF8) {
    const text = JSON.stringify(random.pick(valid));
    const at = random.int(0, text.length);
    cases.push([
      `invalid UTF-8 at ${at}`,
      Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at))]),
    ]);
  }
  cases.push(
    ['no body', undefined],
    ['null body', null],
    ['empty text', ''],
    ['empty bytes', Buffer.alloc(0)],
    ['JSON null text', 'null'],
    ['an array', [1, 2]],
    ['array 10^5 deep', deepJsonText(100_000, 'array')],
    ['object 10^5 deep', deepJsonText(100_000, 'object')],
    ['object of 10^5 keys', wideJsonText(100_000)],
    ['a 2 MB string', JSON.stringify('x'.repeat(2_000_000))],
    [
      'a CloudEvent with a 10^4-deep extension',
      `{"specversion":"1.0","ext":${deepJsonText(10_000, 'object')}}`,
    ],
  );
  return cases;
}

/** The same body as the HTTP layer or a framework may hand it over: object, text or bytes. */
function asDelivered(random: Random, body: unknown): DaprDeliveryRequest['body'] {
  if (body === null || body === undefined || typeof body === 'string' || Buffer.isBuffer(body))
    return body as never;
  const form = random.int(0, 2);
  const text = JSON.stringify(body);
  if (form === 0 || text === undefined) return body as never;
  return form === 1 ? text : Buffer.from(text);
}

type Headers = Record<string, string | string[] | undefined>;

/** Header sets: the token right, missing, wrong, repeated, huge; junk in the other headers. */
function headerCases(random: Random): [string, Headers, boolean][] {
  const junk = [
    '',
    'x'.repeat(100_000),
    '00-zz-zz-01',
    '\u0000\uffff',
    'application/json',
    'application/cloudevents+json',
    'text/plain; charset=latin1',
  ];
  const cases: [string, Headers, boolean][] = [
    ['the token', { 'dapr-api-token': TOKEN }, true],
    ['the token, name capitalised', { 'Dapr-Api-Token': TOKEN }, true],
    ['no token', {}, false],
    ['an empty token', { 'dapr-api-token': '' }, false],
    ['a token one character short', { 'dapr-api-token': TOKEN.slice(0, -1) }, false],
    ['a token one character long', { 'dapr-api-token': `${TOKEN}x` }, false],
    ['the token twice', { 'dapr-api-token': [TOKEN, TOKEN] }, false],
    ['the token in a one-item list', { 'dapr-api-token': [TOKEN] }, true],
    ['a huge token', { 'dapr-api-token': 'x'.repeat(1_000_000) }, false],
    ['the token in another header', { authorization: `Bearer ${TOKEN}` }, false],
  ];
  for (const name of [
    'content-type',
    'traceparent',
    'tracestate',
    '__partition',
    '__offset',
    '__key',
    '__proto__',
    'constructor',
  ]) {
    for (const value of junk) {
      const headers: Headers = { 'dapr-api-token': TOKEN };
      Object.defineProperty(headers, name, {
        value: random.float() < 0.2 ? [value, value] : value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      cases.push([`${name}: ${value.slice(0, 20)}`, headers, true]);
    }
  }
  return cases;
}

describe(`Dapr handler fuzz (${REPLAY})`, () => {
  const random = new Random(FUZZ_SEED + 1);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  it('answers every delivery with a well-formed status; handlers see only valid events', async () => {
    const polluted = prototypeGuard();
    const failures: string[] = [];
    const tally = { cases: 0, handled: 0, dropped: 0, refused: 0, unknownPath: 0 };
    const statuses = new Set<string>();
    const fail = (label: string, problem: string) => {
      if (failures.length < 20)
        failures.push(`${REPLAY}, case "${label.slice(0, 200)}": ${problem}`);
    };
    for (const { domain, samples } of SEED_DOMAINS) {
      for (const logger of [quiet, throwing]) {
        const t = target(domain as AnyEventDomain, samples as Record<string, unknown>, logger);
        const routes = Object.keys(t.handler.routes);
        const headerSet = headerCases(random);
        for (const [bodyLabel, body] of bodies(random, t.validBodies)) {
          const [headersLabel, headers, authorized] =
            random.float() < 0.7 ? headerSet[0]! : random.pick(headerSet);
          const [behaviourLabel, behaviour, statusAsked] = random.pick(BEHAVIOURS);
          const unknownPath = random.float() < 0.05;
          const path = unknownPath
            ? random.pick([
                '/nowhere',
                '/__proto__',
                '/constructor',
                '/events',
                'http://[',
                '',
                '%',
                '//x',
              ])
            : `${random.pick(routes)}${random.float() < 0.1 ? '?x=1' : ''}`;
          const label = `${domain.domain}${logger === throwing ? ' (throwing logger)' : ''}: ${bodyLabel}; ${headersLabel}; handler ${behaviourLabel}; ${path}`;
          t.calls.length = 0;
          t.problems.length = 0;
          t.behaviour = behaviour;
          tally.cases++;
          let reply;
          try {
            reply = await t.handler.handle({ path, body: asDelivered(random, body), headers });
          } catch (error) {
            fail(label, `handle threw ${describeThrown(error)}`);
            continue;
          }
          for (const problem of t.problems) fail(label, problem);
          statuses.add(`${reply.status} ${reply.body?.status}`);
          if (!authorized) {
            tally.refused++;
            if (reply.status !== 401 || reply.body.status !== 'RETRY')
              fail(label, `unauthorised got ${JSON.stringify(reply)}`);
          } else if (unknownPath) {
            tally.unknownPath++;
            if (reply.status !== 404 || reply.body.status !== 'DROP')
              fail(label, `unknown path got ${JSON.stringify(reply)}`);
          } else if (t.calls.length === 1) {
            tally.handled++;
            // A throwing logger turns every decision into RETRY, the safe answer.
            const expected = logger === throwing ? 'RETRY' : statusAsked;
            if (reply.status !== 200 || reply.body.status !== expected)
              fail(label, `expected 200 ${expected}, got ${JSON.stringify(reply)}`);
          } else if (t.calls.length === 0) {
            tally.dropped++;
            const expected = logger === throwing ? 'RETRY' : 'DROP';
            if (reply.status !== 200 || reply.body.status !== expected)
              fail(label, `not handled, expected 200 ${expected}, got ${JSON.stringify(reply)}`);
            if (bodyLabel === 'a valid CloudEvent')
              fail(label, 'a valid CloudEvent did not reach its handler');
          } else {
            fail(label, `${t.calls.length} handler calls for one delivery`);
          }
          const pollution = polluted();
          if (pollution !== undefined) fail(label, pollution);
        }
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
    reportCounts('Dapr handler', { ...tally, failures: failures.length });
    expect(failures).toEqual([]);
    expect(unhandled.map(describeThrown)).toEqual([]);
    // Not vacuous: thousands of cases, and every kind of answer happened.
    expect(tally.cases).toBeGreaterThan(2000);
    expect(tally.handled).toBeGreaterThan(100);
    expect(tally.dropped).toBeGreaterThan(1000);
    expect(tally.refused).toBeGreaterThan(50);
    expect(tally.unknownPath).toBeGreaterThan(20);
    expect([...statuses].sort()).toEqual([
      '200 DROP',
      '200 RETRY',
      '200 SUCCESS',
      '401 RETRY',
      '404 DROP',
    ]);
  }, 120_000);

  it('answers over real HTTP with a JSON status for garbage bodies and hostile headers', async () => {
    const { domain, samples } = SEED_DOMAINS[0];
    const t = target(domain as AnyEventDomain, samples as Record<string, unknown>, quiet);
    const server = http.createServer(t.handler.nodeListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const route = Object.keys(t.handler.routes)[0]!;
    const failures: string[] = [];
    let cases = 0;
    try {
      const headerSet = headerCases(random).filter(([, headers]) =>
        // node:http refuses to send these itself (invalid characters, reserved names).
        Object.entries(headers).every(
          // eslint-disable-next-line no-control-regex -- NUL is one of the characters it refuses
          ([name, value]) => !name.startsWith('__proto__') && !/[\u0000\uffff]/.test(String(value)),
        ),
      );
      for (const [bodyLabel, body] of bodies(random, t.validBodies).filter(
        () => random.float() < 0.2,
      )) {
        const [headersLabel, headers, authorized] = random.pick(headerSet);
        const text =
          body === undefined || body === null
            ? ''
            : typeof body === 'string' || Buffer.isBuffer(body)
              ? body
              : JSON.stringify(body);
        cases++;
        const reply = await post(port, route, headers, text);
        const label = `${bodyLabel}; ${headersLabel}`;
        if (headerBytes(headers) > http.maxHeaderSize) {
          // node:http itself refuses headers over its limit before any listener runs.
          if (reply.status !== 431)
            failures.push(`${REPLAY}, case "${label}": HTTP ${reply.status}`);
          continue;
        }
        let parsed: { status?: unknown } | undefined;
        try {
          parsed = JSON.parse(reply.text) as { status?: unknown };
        } catch {
          failures.push(
            `${REPLAY}, case "${label}": reply is not JSON: ${reply.text.slice(0, 100)}`,
          );
          continue;
        }
        if (reply.status !== (authorized ? 200 : 401) || !STATUSES.includes(String(parsed.status)))
          failures.push(
            `${REPLAY}, case "${label}": HTTP ${reply.status} ${reply.text.slice(0, 100)}`,
          );
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    reportCounts('Dapr handler over HTTP', { cases, failures: failures.length });
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(100);
    expect(unhandled.map(describeThrown)).toEqual([]);
  }, 120_000);
});

const STATUSES = ['SUCCESS', 'RETRY', 'DROP'];

function headerBytes(headers: Headers): number {
  return Object.entries(headers).reduce(
    (sum, [name, value]) => sum + name.length + String(value).length,
    0,
  );
}

function post(
  port: number,
  path: string,
  headers: Headers,
  body: string | Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: headers as http.OutgoingHttpHeaders,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
