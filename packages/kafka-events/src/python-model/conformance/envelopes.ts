/**
 * Whole-event samples of one domain (specs only): the valid payload samples of each version in
 * envelopes that vary what the wire allows (metadata absent, null or set; plain event type plus
 * schema_version; 1.0 for 1; unknown envelope keys; duplicate keys), and envelopes that break the
 * envelope rules (event_id, timestamp, event_type, schema_version, metadata, payload, an unknown
 * event type, the payload of another event type) or carry an invalid payload (each field and rule
 * of the payload samples once).
 */
import type { FieldMap } from '../../payload-model';
import { BAD_DATETIMES, BAD_UUIDS, PayloadSampler, type Rule, type Sample } from './samples';
import { RawNumber, wireText, type Random, type Wire } from './random';

export interface EnvelopeVersion {
  /** `task.created.v1` */
  wireType: string;
  /** `task.created` */
  eventType: string;
  version: number;
  fields: FieldMap;
  /** This version's payload samples. */
  samples: Sample[];
}

export interface EnvelopeDomain {
  entity: string;
  metadata: boolean;
  versioning: boolean;
  versions: EnvelopeVersion[];
}

type Envelope = Record<string, Wire>;

export function envelopeSamples(random: Random, domain: EnvelopeDomain): Sample[] {
  const sampler = new PayloadSampler(random);
  const samples: Sample[] = [];
  const add = (
    label: string,
    field: string,
    rule: Rule,
    expect: Sample['expect'],
    value: Wire,
    text?: string,
  ) => samples.push({ label, field, rule, expect, value, ...(text !== undefined ? { text } : {}) });

  const base = (version: EnvelopeVersion, payload: Wire): Envelope => ({
    event_id: sampler.uuid().toLowerCase(),
    event_type: version.wireType,
    schema_version: version.version,
    timestamp: new Date(Date.UTC(2026, 10, 27, 10, 15, 30, random.int(0, 999))).toISOString(),
    ...(domain.metadata
      ? { correlation_id: sampler.uuid(), causation_id: null, user_id: sampler.uuid() }
      : {}),
    payload,
  });
  const edit = (envelope: Envelope, changes: Record<string, Wire | undefined>): Envelope => {
    const copy = { ...envelope };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete copy[key];
      else copy[key] = value;
    }
    return copy;
  };

  for (const version of domain.versions) {
    const valid = version.samples.filter((s) => s.expect === 'accept');
    const payload = () => sampler.payload(version.fields);
    const plain = domain.versioning && version.eventType !== version.wireType;
    const at = version.wireType;

    // every accepted payload, in an envelope varied at random
    for (const sample of valid) {
      let envelope = base(version, sample.value);
      envelope.event_id = sampler.uuid();
      envelope.timestamp = sampler.datetime();
      if (domain.metadata) {
        for (const key of ['correlation_id', 'causation_id', 'user_id']) {
          const roll = random.float();
          envelope = edit(envelope, {
            [key]: roll < 0.25 ? undefined : roll < 0.5 ? null : sampler.uuid(),
          });
        }
      }
      if (plain && random.chance(0.2)) envelope.event_type = version.eventType;
      if (random.chance(0.1)) envelope.schema_version = new RawNumber(`${version.version}.0`);
      if (random.chance(0.1)) envelope.trace = { id: sampler.uuid() };
      add(`${at} with payload "${sample.label}"`, 'payload', sample.rule, 'accept', envelope);
    }
    // every way a payload can be wrong, once (the payload samples have them all)
    const wrong = new Map(
      version.samples.filter((s) => s.expect !== 'accept').map((s) => [`${s.field} ${s.rule}`, s]),
    );
    for (const sample of wrong.values()) {
      add(
        `${at} with payload "${sample.label}"`,
        `payload.${sample.field}`,
        sample.rule,
        sample.expect,
        base(version, sample.value),
      );
    }

    // envelope variations both sides must accept
    const accept = (label: string, field: string, rule: Rule, value: Wire, text?: string) =>
      add(`${at}: ${label}`, field, rule, 'accept', value, text);
    if (plain) {
      accept(
        'the plain event type and its schema_version',
        'event_type',
        'valid',
        edit(base(version, payload()), { event_type: version.eventType }),
      );
      accept(
        'the plain event type and schema_version 1.0',
        'event_type',
        'valid',
        edit(base(version, payload()), {
          event_type: version.eventType,
          schema_version: new RawNumber(`${version.version}.0`),
        }),
      );
    }
    accept(
      `schema_version ${version.version}.0`,
      'schema_version',
      'valid',
      edit(base(version, payload()), { schema_version: new RawNumber(`${version.version}.0`) }),
    );
    accept(
      'an upper-case event_id',
      'event_id',
      'valid',
      edit(base(version, payload()), { event_id: '3F0C3C39-6C1E-4C39-9D3C-2B8F4C1F8A10' }),
    );
    accept(
      'a timestamp with nanoseconds',
      'timestamp',
      'valid',
      edit(base(version, payload()), { timestamp: '2026-11-27T10:15:30.123456789Z' }),
    );
    accept(
      'unknown envelope keys',
      '',
      'extra-field',
      edit(base(version, payload()), {
        extra: 1,
        headers: { a: 'b' },
        specversion: '1.0',
        data: null,
      }),
    );
    if (domain.metadata) {
      const ids = ['correlation_id', 'causation_id', 'user_id'];
      accept(
        'no metadata keys',
        'correlation_id',
        'valid',
        edit(base(version, payload()), Object.fromEntries(ids.map((k) => [k, undefined]))),
      );
      accept(
        'null metadata',
        'correlation_id',
        'valid',
        edit(base(version, payload()), Object.fromEntries(ids.map((k) => [k, null]))),
      );
    } else {
      accept(
        'metadata keys in a domain without metadata',
        '',
        'extra-field',
        edit(base(version, payload()), { correlation_id: 'not-a-uuid', user_id: 5 }),
      );
    }
    // duplicate keys: the last one counts, in JavaScript as in Python
    const good = base(version, payload());
    const text = wireText(good).replace('{', '{"timestamp":"yesterday","schema_version":"one",');
    accept('duplicate keys, the last one valid', 'timestamp', 'valid', good, text);
    const bad = wireText(good).replace(/\}$/, ',"timestamp":"yesterday"}');
    add(
      `${at}: duplicate keys, the last one invalid`,
      'timestamp',
      'bad-datetime',
      'reject',
      good,
      bad,
    );

    // JSON as JSON.parse reads it (Pydantic's parser alone would take NaN and Infinity)
    const json = wireText(base(version, payload()));
    const syntax: [string, Sample['expect'], string][] = [
      ['NaN in an unknown key', 'reject', json.replace('{', '{"extra":NaN,')],
      ['Infinity in an unknown key', 'reject', json.replace('{', '{"extra":Infinity,')],
      ['-Infinity in an unknown key', 'reject', json.replace('{', '{"extra":-Infinity,')],
      ['a trailing comma', 'reject', json.replace(/\}$/, ',}')],
      ['a leading zero', 'reject', json.replace('{', '{"extra":01,')],
      ['a byte order mark', 'reject', `\ufeff${json}`],
      ['text after the object', 'reject', `${json}x`],
      ['a single-quoted string', 'reject', json.replace('{', "{'extra':1,")],
      ['white space around it', 'accept', ` \t\r\n${json}\n `],
      [
        'a lone surrogate escape in an unknown key',
        'accept',
        json.replace('{', '{"extra":"\\ud800",'),
      ],
      [
        'a huge number in an unknown key',
        'accept',
        json.replace('{', `{"extra":1${'0'.repeat(400)},`),
      ],
    ];
    for (const [label, expect, text] of syntax) {
      add(
        `${at}: ${label}`,
        '',
        expect === 'accept' ? 'extra-field' : 'not-an-object',
        expect,
        null,
        text,
      );
    }

    // envelope rules broken
    const reject = (
      field: string,
      rule: Rule,
      label: string,
      changes: Record<string, Wire | undefined>,
      expect: Sample['expect'] = 'reject',
    ) =>
      add(`${at}: ${field} ${label}`, field, rule, expect, edit(base(version, payload()), changes));
    for (const bad of BAD_UUIDS)
      reject('event_id', 'bad-uuid', JSON.stringify(bad), { event_id: bad });
    reject('event_id', 'missing', 'missing', { event_id: undefined });
    reject('event_id', 'null', 'null', { event_id: null });
    reject('event_id', 'wrong-type', '42', { event_id: 42 });
    for (const bad of BAD_DATETIMES)
      reject('timestamp', 'bad-datetime', JSON.stringify(bad), { timestamp: bad });
    reject('timestamp', 'missing', 'missing', { timestamp: undefined });
    reject('timestamp', 'null', 'null', { timestamp: null });
    reject('timestamp', 'wrong-type', 'epoch seconds', { timestamp: 1764238530 });
    reject('event_type', 'missing', 'missing', { event_type: undefined });
    reject('event_type', 'null', 'null', { event_type: null });
    reject('event_type', 'wrong-type', '42', { event_type: 42 });
    for (const unknown of [
      '',
      `${domain.entity}.unknown.v1`,
      `${domain.entity}.unknown`,
      at.toUpperCase(),
      `${at}.v1`,
      `${at} `,
      'other.created.v1',
    ]) {
      reject('event_type', 'unknown-type', JSON.stringify(unknown), { event_type: unknown });
    }
    if (plain) {
      reject('event_type', 'unknown-type', 'plain without schema_version', {
        event_type: version.eventType,
        schema_version: undefined,
      });
      for (const number of [99, 0, '1', true, 1.5, null]) {
        reject(
          'event_type',
          'unknown-type',
          `plain with schema_version ${JSON.stringify(number)}`,
          { event_type: version.eventType, schema_version: number },
        );
      }
    }
    reject('schema_version', 'missing', 'missing', { schema_version: undefined });
    for (const number of [
      null,
      String(version.version),
      true,
      version.version + 0.5,
      0,
      -1,
      version.version + 1,
    ]) {
      reject('schema_version', 'bad-version', JSON.stringify(number), { schema_version: number });
    }
    if (domain.metadata) {
      for (const key of ['correlation_id', 'causation_id', 'user_id']) {
        for (const bad of ['not-a-uuid', '', 42, {}, '3f0c3c396c1e4c399d3c2b8f4c1f8a10']) {
          reject(key, typeof bad === 'string' ? 'bad-uuid' : 'wrong-type', JSON.stringify(bad), {
            [key]: bad,
          });
        }
      }
    }
    reject('payload', 'missing', 'missing', { payload: undefined });
    reject('payload', 'null', 'null', { payload: null });
    for (const bad of [[], 'x', 42, true])
      reject('payload', 'wrong-type', JSON.stringify(bad), { payload: bad });
    for (const other of domain.versions) {
      if (other === version) continue;
      reject(
        'payload',
        'other-payload',
        `of ${other.wireType}`,
        { payload: sampler.payload(other.fields, true) },
        'zod',
      );
    }
  }
  for (const text of ['[]', '"x"', 'null', '42', 'true', '[{}]']) {
    add(`not an object: ${text}`, '', 'not-an-object', 'reject', null, text);
  }
  return samples;
}
