/**
 * Decoder fuzz: every decode entry point (domain.validate / safeValidate / deserialize,
 * fromCloudEvent, decodeKafkaRecord and decodeConsumedRecord in binary and structured mode) fed
 * garbage bytes, cut records, invalid UTF-8, JSON mutations of the seed domains' events and
 * CloudEvents, hostile keys and size extremes. Only typed KafkaEventsErrors may come out, no
 * prototype may change, and every accepted event must be deeply frozen. Deterministic: the seed
 * is in every failure message and SEED=<n> replays it.
 */
import { fromCloudEvent, toCloudEvent } from '../cloudevents/cloud-event';
import {
  decodeConsumedRecord,
  decodeKafkaRecord,
  encodeKafkaRecord,
} from '../cloudevents/kafka-record';
import type { KafkaHeadersInput } from '../cloudevents/kafka-headers';
import type { AnyEventDomain } from './domain-types';
import { SEED_DOMAINS } from '../kafka/__fixtures__/seed-domains';
import {
  FUZZ_SEED,
  FuzzRun,
  INVALID_UTF8,
  JSON_VALUES,
  REPLAY,
  Random,
  deepJsonText,
  jsonMutations,
  reportCounts,
  wideJsonText,
} from '../__fixtures__/fuzz';

const STRUCTURED = 'application/cloudevents+json; charset=UTF-8';
const BINARY_HEADERS = { 'content-type': 'application/json', ce_specversion: '1.0' };
const DECODE_CODES = ['DECODE_FAILED', 'VALIDATION_FAILED', 'UNKNOWN_EVENT_TYPE'];

interface SeedEvent {
  readonly event_type: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Every valid event of the seed domains, each with its domain. */
const VALID = SEED_DOMAINS.flatMap(({ domain, samples }) =>
  Object.entries(samples).map(([type, payload]) => ({
    domain: domain as AnyEventDomain,
    event: (domain as AnyEventDomain).create(type as never, payload as never) as SeedEvent,
  })),
);

/** A record value (text or bytes) through every entry point that reads record values. */
function everyValueReader(domain: AnyEventDomain, value: string | Buffer) {
  return [
    ['deserialize', () => domain.deserialize(value)],
    ['binary record', () => decodeKafkaRecord(domain, { value, headers: BINARY_HEADERS })],
    [
      'structured record',
      () => decodeKafkaRecord(domain, { value, headers: { 'content-type': STRUCTURED } }),
    ],
    ['plain record', () => decodeKafkaRecord(domain, { value })],
    [
      'consumed binary record',
      () => decodeConsumedRecord(domain, { value: Buffer.from(value), headers: BINARY_HEADERS }),
    ],
    [
      'consumed structured record',
      () =>
        decodeConsumedRecord(domain, {
          value: Buffer.from(value),
          headers: { 'Content-Type': STRUCTURED },
        }),
    ],
  ] as const;
}

function safeValidated(domain: AnyEventDomain, value: unknown) {
  const result = domain.safeValidate(value);
  if (result.success) return result.event;
  throw result.error;
}

function expectClean(run: FuzzRun, minimumCases: number, name: string): void {
  reportCounts(`decoder: ${name}`, run.summary());
  expect(run.failures).toEqual([]);
  // Not vacuous: the cases ran, and each kind of typed error really came out.
  expect(run.cases).toBeGreaterThanOrEqual(minimumCases);
  for (const code of run.codes.keys()) expect(DECODE_CODES).toContain(code);
}

describe(`decoder fuzz (${REPLAY})`, () => {
  const random = new Random(FUZZ_SEED);

  it('random bytes, cut records and invalid UTF-8 only give typed errors', () => {
    const run = new FuzzRun();
    for (let i = 0; i < 200; i++) {
      const bytes = random.bytes(random.int(0, 300));
      const { domain } = random.pick(VALID);
      for (const [reader, read] of everyValueReader(domain, bytes))
        run.run(`random bytes #${i} via ${reader}`, read);
    }
    // Every cut of a binary and a structured record of one event per domain.
    for (const { domain, event } of VALID.filter((_, i) => i % 4 === 0)) {
      for (const mode of ['binary', 'structured'] as const) {
        const { value, headers } = encodeKafkaRecord(domain, event as never, mode);
        for (let cut = 0; cut < value.length; cut += random.int(1, 8)) {
          const part = value.slice(0, cut);
          run.run(`${event.event_type} ${mode} cut at ${cut}`, () =>
            decodeKafkaRecord(domain, { value: part, headers }),
          );
          run.run(`${event.event_type} ${mode} cut at ${cut}, consumed`, () =>
            decodeConsumedRecord(domain, { value: Buffer.from(part), headers }),
          );
        }
      }
    }
    expectClean(run, 1500, 'random bytes and cut records');
    expect(run.accepted).toBe(0);

    // Invalid UTF-8 anywhere in an otherwise valid record is always DECODE_FAILED, never U+FFFD.
    const utf8 = new FuzzRun();
    for (const { domain, event } of VALID) {
      const text = domain.serialize(event as never);
      for (let i = 0; i < 10; i++) {
        const at = random.int(0, text.length);
        const bytes = Buffer.concat([
          Buffer.from(text.slice(0, at)),
          random.pick(INVALID_UTF8),
          Buffer.from(text.slice(at)),
        ]);
        for (const [reader, read] of everyValueReader(domain, bytes)) {
          const outcome = utf8.run(
            `${event.event_type} invalid UTF-8 at ${at} via ${reader}`,
            read,
          );
          if (outcome && 'refused' in outcome && outcome.refused.code !== 'DECODE_FAILED') {
            utf8.fail(
              `${event.event_type} invalid UTF-8 at ${at} via ${reader}`,
              `code ${outcome.refused.code}`,
            );
          }
        }
      }
      // In a header the decoder reads: also DECODE_FAILED.
      const [bad] = INVALID_UTF8;
      utf8.run(`${event.event_type} invalid UTF-8 in ce_specversion`, () =>
        decodeKafkaRecord(domain, {
          value: text,
          headers: { ce_specversion: Buffer.concat([Buffer.from('1.'), bad!]) },
        }),
      );
    }
    expectClean(utf8, VALID.length * 10 * 6, 'invalid UTF-8');
    expect([...utf8.codes.keys()]).toEqual(['DECODE_FAILED']);
  });

  it('JSON mutations of every seed event (each field as each JSON type, keys removed, added, hostile)', () => {
    const run = new FuzzRun();
    const used = new Map<string, number>();
    for (const { domain, event } of VALID) {
      for (const { label, value } of jsonMutations(JSON.parse(JSON.stringify(event)))) {
        const text = JSON.stringify(value) ?? 'null';
        const cloudEvent = { ...toCloudEvent(domain, event as never), data: value };
        // validate on every mutation; one other entry point, picked by the seed, on each too.
        const readers = [
          ...everyValueReader(domain, text),
          ['safeValidate', () => safeValidated(domain, value)],
          ['CloudEvent data', () => fromCloudEvent(domain, cloudEvent)],
        ] as const;
        const [reader, read] = random.pick(readers);
        used.set(reader, (used.get(reader) ?? 0) + 1);
        run.run(`${event.event_type}: ${label} via validate`, () => domain.validate(value));
        run.run(`${event.event_type}: ${label} via ${reader}`, read);
      }
    }
    expectClean(run, 6000, 'event JSON mutations');
    // Every entry point had its share, and both ways out happened: unknown keys (hostile ones
    // too) are stripped and the event accepted, everything else refused with each code.
    expect(used.size).toBe(8);
    for (const count of used.values()) expect(count).toBeGreaterThan(200);
    expect(run.accepted).toBeGreaterThan(300);
    expect([...run.codes.keys()].sort()).toEqual([...DECODE_CODES].sort());
  });

  it('JSON mutations of the CloudEvent attributes and of the Kafka headers', () => {
    const run = new FuzzRun();
    for (const { domain, event } of VALID) {
      const cloudEvent = toCloudEvent(domain, event as never);
      const { data: _data, ...attributes } = cloudEvent;
      for (const { label, value } of jsonMutations(attributes)) {
        const withData =
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? { ...value, data: event }
            : value;
        const where = `${event.event_type} CloudEvent ${label}`;
        run.run(`${where} via fromCloudEvent`, () => fromCloudEvent(domain, withData));
        const text = JSON.stringify(withData) ?? 'null';
        run.run(`${where} via structured record`, () =>
          decodeKafkaRecord(domain, { value: text, headers: { 'content-type': STRUCTURED } }),
        );
      }
      for (const data of [...JSON_VALUES, JSON.stringify(event), Buffer.from('{')]) {
        run.run(`${event.event_type} CloudEvent data ${String(data).slice(0, 30)}`, () =>
          fromCloudEvent(domain, { ...cloudEvent, data }),
        );
        run.run(`${event.event_type} CloudEvent data_base64 of ${String(data).slice(0, 30)}`, () =>
          fromCloudEvent(domain, {
            ...cloudEvent,
            data: undefined,
            data_base64: Buffer.from(JSON.stringify(data) ?? '').toString('base64'),
          }),
        );
      }
      const binary = encodeKafkaRecord(domain, event as never, 'binary');
      for (const headers of hostileHeaders(binary.headers)) {
        const label = `${event.event_type} headers ${JSON.stringify(headers).slice(0, 120)}`;
        run.run(`${label} via decodeKafkaRecord`, () =>
          decodeKafkaRecord(domain, { value: binary.value, headers }),
        );
        run.run(`${label} via decodeConsumedRecord`, () =>
          decodeConsumedRecord(domain, { value: Buffer.from(binary.value), headers }),
        );
      }
    }
    expectClean(run, 5000, 'CloudEvent and header mutations');
    expect(run.accepted).toBeGreaterThan(100);
  });

  it('depth and size extremes: 10^5 levels, 10^5 keys, huge strings', () => {
    const run = new FuzzRun();
    const { domain, event } = VALID[0]!;
    const envelope = JSON.stringify(event);
    const huge = JSON.stringify('x'.repeat(1_000_000));
    const extremes: [string, string][] = [
      ['array 10^5 deep', deepJsonText(100_000, 'array')],
      ['object 10^5 deep', deepJsonText(100_000, 'object')],
      ['object of 10^5 keys', wideJsonText(100_000)],
      ['1 MB string', huge],
    ];
    // Each parse of these takes tens of milliseconds: a seeded pick of the places they go.
    for (const [what, json] of extremes) {
      const payload = JSON.stringify(event.payload);
      const field = random.pick(Object.keys(event.payload));
      const places: [string, string][] = [
        ['the value', json],
        // An extra key of the envelope: stripped, so the event is accepted.
        ['an extra key', `{${envelope.slice(1, -1)},"extra":${json}}`],
        ...['event_id', 'event_type', 'payload', 'correlation_id'].map((slot): [string, string] => [
          slot,
          `{${envelope.slice(1, -1)},"${slot}":${json}}`,
        ]),
        [
          `payload.${field}`,
          envelope.replace(payload, `{${payload.slice(1, -1)},"${field}":${json}}`),
        ],
        ['CloudEvent data', `{"specversion":"1.0","id":"x","data":${json}}`],
      ];
      for (const [place, text] of places) {
        const readers = everyValueReader(domain, text);
        // The extra key goes through deserialize, which reads a plain envelope: accepted.
        const [reader, read] = place === 'an extra key' ? readers[0] : random.pick(readers);
        run.run(`${what} in ${place} via ${reader}`, read);
      }
    }
    expectClean(run, extremes.length * 8, 'depth and size extremes');
    // Extra envelope keys, however big or deep, are stripped: those events are accepted.
    expect(run.accepted).toBeGreaterThanOrEqual(extremes.length);
  });
});

/** Header sets around a valid binary record's: casing, arrays, nulls, bytes, hostile names. */
function hostileHeaders(valid: Record<string, string>): KafkaHeadersInput[] {
  const values: KafkaHeadersInput[string][] = [
    undefined,
    null,
    '',
    '1.0',
    '0.3',
    ['0.3', '1.0'],
    ['1.0', '0.3'],
    [],
    Buffer.from('1.0'),
    Buffer.from([0xff]),
    'application/cloudevents+json',
    'APPLICATION/CLOUDEVENTS-BATCH+JSON',
    'application/cloudevents+avro',
    'x'.repeat(100_000),
  ];
  const sets: KafkaHeadersInput[] = [];
  for (const name of [
    'content-type',
    'Content-Type',
    'ce_specversion',
    'CE_SPECVERSION',
    '__proto__',
    'constructor',
  ]) {
    for (const value of values) {
      const headers: Record<string, unknown> = { ...valid };
      Object.defineProperty(headers, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      sets.push(headers as KafkaHeadersInput);
    }
  }
  return sets;
}
