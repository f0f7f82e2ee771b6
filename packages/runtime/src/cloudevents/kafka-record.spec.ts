import { CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import {
  createdPayload,
  pydanticCreatedJson,
  TASK_ID,
  tasks,
  USER_ID,
} from '../core/__fixtures__/tasks-domain';
import { EventValidationError } from '../core/errors';
import { toCloudEvent } from './cloud-event';
import { readKafkaHeaders, toKafkaHeaders } from './kafka-headers';
import {
  decodeConsumedRecord,
  decodeKafkaRecord,
  encodeKafkaRecord,
  type EncodedKafkaRecord,
} from './kafka-record';

const cause = tasks.create('task.created.v1', createdPayload);
const event = tasks.create(
  'task.created.v1',
  { ...createdPayload, recurrence: { frequency: 'daily' } },
  { userId: USER_ID, causedBy: cause },
);

/** What a kafkajs consumer hands over: Buffer values and Buffer headers. */
function asConsumed(record: EncodedKafkaRecord) {
  const headers = Object.fromEntries(
    Object.entries(record.headers).map(([name, value]) => [name, Buffer.from(value)]),
  );
  return { key: Buffer.from(record.key), value: Buffer.from(record.value), headers };
}

/** The SDK's Kafka.toEvent wants string headers and value. */
function sdkMessage(record: EncodedKafkaRecord): KafkaMessage<string> {
  return { key: record.key, value: record.value, body: record.value, headers: record.headers };
}

describe('encodeKafkaRecord', () => {
  it('writes binary mode: the envelope as value, attributes as ce_ headers', () => {
    const record = encodeKafkaRecord(tasks, event, 'binary');
    expect(record.key).toBe(TASK_ID);
    expect(JSON.parse(record.value)).toEqual(event);
    expect(record.headers).toEqual({
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: event.event_id,
      ce_source: '/tasks',
      ce_type: 'task.created.v1',
      ce_subject: TASK_ID,
      ce_time: event.timestamp,
      ce_correlationid: cause.event_id,
      ce_causationid: cause.event_id,
      ce_userid: USER_ID,
    });
  });

  it('writes structured mode: the CloudEvent as value', () => {
    const record = encodeKafkaRecord(tasks, event, 'structured');
    expect(record.key).toBe(TASK_ID);
    expect(record.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
    });
    expect(JSON.parse(record.value)).toEqual(toCloudEvent(tasks, event));
  });

  it.each(['binary', 'structured'] as const)(
    'round-trips %s mode through kafkajs-style Buffers',
    (mode) => {
      expect(decodeKafkaRecord(tasks, asConsumed(encodeKafkaRecord(tasks, event, mode)))).toEqual(
        event,
      );
    },
  );
});

describe('conformance with the cloudevents SDK', () => {
  it.each(['binary', 'structured'] as const)('the SDK reads what %s mode writes', (mode) => {
    const read = Kafka.toEvent(
      sdkMessage(encodeKafkaRecord(tasks, event, mode)),
    ) as CloudEvent<unknown>;
    expect(read.validate()).toBe(true);
    expect(read.id).toBe(event.event_id);
    expect(read.type).toBe('task.created.v1');
    expect(read.source).toBe('/tasks');
    expect(read.subject).toBe(TASK_ID);
    expect(read.time).toBe(event.timestamp);
    expect(read.datacontenttype).toBe('application/json');
    expect(read['correlationid']).toBe(cause.event_id);
    expect(read['userid']).toBe(USER_ID);
    expect(read.data).toEqual(event);
  });

  const sdkEvent = () => new CloudEvent({ ...toCloudEvent(tasks, event) }, true);

  it('reads what the SDK writes in binary mode', () => {
    const message = Kafka.binary(sdkEvent());
    // The SDK leaves data as an object; on the wire it is the JSON text.
    const value = typeof message.value === 'string' ? message.value : JSON.stringify(message.value);
    expect(message.headers['ce_id']).toBe(event.event_id);
    expect(
      decodeKafkaRecord(tasks, { value: Buffer.from(value), headers: message.headers }),
    ).toEqual(event);
  });

  it('reads what the SDK writes in structured mode', () => {
    const message = Kafka.structured(sdkEvent());
    expect(String(message.headers['content-type'])).toMatch(/^application\/cloudevents\+json/);
    expect(decodeKafkaRecord(tasks, { value: message.value, headers: message.headers })).toEqual(
      event,
    );
  });
});

describe('decodeKafkaRecord', () => {
  it('reads a plain envelope without CloudEvents headers (Pydantic, Dapr rawPayload)', () => {
    const value = Buffer.from(JSON.stringify(pydanticCreatedJson()));
    expect(decodeKafkaRecord(tasks, { value })).toEqual(pydanticCreatedJson());
    expect(
      decodeKafkaRecord(tasks, { value, headers: { 'content-type': 'application/json' } }),
    ).toEqual(pydanticCreatedJson());
  });

  it('reads a CloudEvent JSON value without content-type (what Dapr writes)', () => {
    const value = JSON.stringify({
      ...toCloudEvent(tasks, event),
      topic: 'task-events',
      pubsubname: 'kafka-pubsub',
    });
    expect(decodeKafkaRecord(tasks, { value, headers: {} })).toEqual(event);
  });

  it('takes the value of a binary record as the envelope, never as a CloudEvent', () => {
    // Per the binding, ce_ headers mean binary mode: the value is data even if it looks like a CloudEvent.
    const structured = encodeKafkaRecord(tasks, event, 'structured');
    expect(() =>
      decodeKafkaRecord(tasks, { value: structured.value, headers: { ce_specversion: '1.0' } }),
    ).toThrow('Invalid event: event_type: Expected a string event type');
  });

  it('accepts header names in any case, string headers and repeated headers (last wins)', () => {
    const record = encodeKafkaRecord(tasks, event, 'structured');
    const headers = {
      'Content-Type': ['application/json', Buffer.from(record.headers['content-type'])],
    };
    expect(decodeKafkaRecord(tasks, { value: record.value, headers })).toEqual(event);
  });

  it('names what is wrong with a record it cannot read', () => {
    expect(() => decodeKafkaRecord(tasks, { value: null })).toThrow(
      'Kafka record has no value (a tombstone is not an event)',
    );
    expect(() => decodeKafkaRecord(tasks, { value: Buffer.from([0xc3, 0x28]) })).toThrow(
      'Kafka record value is not valid UTF-8',
    );
    expect(() => decodeKafkaRecord(tasks, { value: 'not json' })).toThrow(
      /^Kafka record value is not valid JSON/,
    );
    expect(() => decodeKafkaRecord(tasks, { value: '[]' })).toThrow(
      'Kafka record value must be a JSON object, got an array',
    );
    expect(() =>
      decodeKafkaRecord(tasks, {
        value: '[]',
        headers: { 'content-type': 'application/cloudevents-batch+json' },
      }),
    ).toThrow('CloudEvents batch records are not supported');
    expect(() =>
      decodeKafkaRecord(tasks, {
        value: '{}',
        headers: { 'content-type': 'application/cloudevents+avro' },
      }),
    ).toThrow('Unsupported structured CloudEvents format');
    const binary = encodeKafkaRecord(tasks, event, 'binary');
    expect(() =>
      decodeKafkaRecord(tasks, {
        value: binary.value,
        headers: { ...binary.headers, ce_specversion: '0.3' },
      }),
    ).toThrow('Unsupported CloudEvents specversion "0.3"');
    expect(() =>
      decodeKafkaRecord(tasks, { value: binary.value, headers: { ce_id: Buffer.from([0xff]) } }),
    ).toThrow('Kafka header ce_id is not valid UTF-8');
  });

  it('passes validation errors through for an invalid envelope', () => {
    const value = JSON.stringify(pydanticCreatedJson({ timestamp: '2026-11-27T10:15:30+01:00' }));
    expect(() => decodeKafkaRecord(tasks, { value })).toThrow(EventValidationError);
  });
});

describe('decodeConsumedRecord', () => {
  it('decodes every format as decodeKafkaRecord does', () => {
    const binary = asConsumed(encodeKafkaRecord(tasks, event, 'binary'));
    const structured = asConsumed(encodeKafkaRecord(tasks, event, 'structured'));
    const plain = JSON.stringify(pydanticCreatedJson());
    for (const record of [binary, structured, { value: plain }, { value: plain, headers: {} }]) {
      expect(decodeConsumedRecord(tasks, record)).toEqual(decodeKafkaRecord(tasks, record));
    }
    expect(Object.isFrozen(decodeConsumedRecord(tasks, binary).payload)).toBe(true);
  });

  it('reads content-type and ce_specversion in any case, the last non-empty one winning', () => {
    const structured = encodeKafkaRecord(tasks, event, 'structured');
    const headers = {
      'content-type': 'application/json',
      'Content-Type': ['application/json', Buffer.from(structured.headers['content-type'])],
      'CONTENT-TYPE': undefined,
    };
    expect(decodeConsumedRecord(tasks, { value: structured.value, headers })).toEqual(event);
    // A binary-mode header makes the value data even when it looks like a CloudEvent.
    expect(() =>
      decodeConsumedRecord(tasks, {
        value: structured.value,
        headers: { CE_SpecVersion: Buffer.from('1.0') },
      }),
    ).toThrow('Invalid event: event_type: Expected a string event type');
    expect(() =>
      decodeConsumedRecord(tasks, {
        value: encodeKafkaRecord(tasks, event, 'binary').value,
        headers: { ce_specversion: ['1.0', '0.3'] },
      }),
    ).toThrow('Unsupported CloudEvents specversion "0.3"');
  });

  it('decodes only the headers it reads, and names a bad one or a bad value', () => {
    const binary = asConsumed(encodeKafkaRecord(tasks, event, 'binary'));
    const badId = { ...binary.headers, ce_id: Buffer.from([0xff]) };
    expect(decodeConsumedRecord(tasks, { value: binary.value, headers: badId })).toEqual(event);
    expect(() =>
      decodeConsumedRecord(tasks, {
        value: binary.value,
        headers: { ...binary.headers, 'content-type': Buffer.from([0xff]) },
      }),
    ).toThrow('Kafka header content-type is not valid UTF-8');
    expect(() => decodeConsumedRecord(tasks, { value: null, headers: binary.headers })).toThrow(
      'Kafka record has no value (a tombstone is not an event)',
    );
    expect(() => decodeConsumedRecord(tasks, { value: Buffer.from([0xc3, 0x28]) })).toThrow(
      'Kafka record value is not valid UTF-8',
    );
  });
});

describe('kafka headers', () => {
  it('skips null and undefined header values', () => {
    expect([...readKafkaHeaders({ a: undefined, b: null, c: 'x' })]).toEqual([['c', 'x']]);
  });

  it('refuses attributes without a string form', () => {
    expect(() => toKafkaHeaders({ ...toCloudEvent(tasks, event), tracing: { id: 1 } })).toThrow(
      'CloudEvent attribute tracing must be a string, number or boolean',
    );
  });

  it('defaults content-type to application/json for binary headers', () => {
    const { datacontenttype: _type, ...attributes } = toCloudEvent(tasks, event);
    expect(toKafkaHeaders(attributes)['content-type']).toBe('application/json');
  });
});
