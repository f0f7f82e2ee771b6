/**
 * Poison records and failing handlers: every bad record ends up in the dead-letter topic with its
 * reason and the original key, value and headers; nothing is lost, not even when the dead-letter
 * write itself fails.
 */
import type { Message } from 'kafkajs';
import { createConsumer } from './consumer';
import { createProducer } from './producer';
import { DLQ_HEADERS } from './dead-letter';
import type { ConsumerError } from './errors';
import { TASK_ID, taskSamples, tasks } from './__fixtures__/seed-domains';
import {
  connectedAdmin,
  collectingLogger,
  committedOffsets,
  createTopics,
  FAST_CONSUMER,
  readTopic,
  testKafka,
  topicEnds,
  uniqueName,
  waitFor,
  withConsumerLog,
} from './__fixtures__/kafka-harness';

const kafka = testKafka('dead-letter');
const admin = connectedAdmin(kafka);

const typed = createProducer(tasks, kafka);
const good = (title: string) =>
  typed.encode(tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], title }));
const envelope = JSON.parse(good('x').value as string) as Record<string, unknown>;
const json = (value: unknown) => JSON.stringify(value);

/** Bad records, keyed by what is wrong with them, with the code the consumer must report. */
const POISON: Record<string, { message: Message; code: string; reason: RegExp }> = {
  'bad-json': {
    message: { value: '{"event_id": ', headers: { origin: 'poison' } },
    code: 'DECODE_FAILED',
    reason: /not valid JSON/,
  },
  'not-an-object': {
    message: { value: '[1,2,3]' },
    code: 'DECODE_FAILED',
    reason: /must be a JSON object, got an array/,
  },
  'bad-utf8': {
    message: { value: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
    code: 'DECODE_FAILED',
    reason: /not valid UTF-8/,
  },
  tombstone: { message: { value: null }, code: 'DECODE_FAILED', reason: /tombstone/ },
  'schema-violation': {
    message: {
      value: json({ ...envelope, payload: { ...(envelope['payload'] as object), title: '' } }),
    },
    code: 'VALIDATION_FAILED',
    reason: /payload\.title/,
  },
  'unknown-type': {
    message: { value: json({ ...envelope, event_type: 'task.archived.v1' }) },
    code: 'UNKNOWN_EVENT_TYPE',
    reason: /Unknown event type "task\.archived\.v1"/,
  },
  'unknown-version': {
    message: { value: json({ ...envelope, event_type: 'task.created.v7', schema_version: 7 }) },
    code: 'UNKNOWN_EVENT_TYPE',
    reason: /task\.created\.v7/,
  },
  'bad-specversion': {
    message: {
      value: json({ specversion: '0.3', id: 'x', source: '/tasks', type: 't', data: envelope }),
      headers: { 'content-type': 'application/cloudevents+json' },
    },
    code: 'DECODE_FAILED',
    reason: /specversion "0.3"/,
  },
};

/**
 * The records under test, written once each: a plain producer's retry of a send the broker had
 * already written (seen under load right after the topic was created) would put records in the
 * topic twice and the counts below would be off without any consumer fault.
 */
function seedProducer() {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
}

it('dead-letters every poison record with its reason and handles every good one', async () => {
  const topic = uniqueName('poison');
  await createTopics(admin(), [{ topic, partitions: 3 }]);
  const poisonNames = Object.keys(POISON);
  const messages: Message[] = [];
  for (let i = 0; i < 40; i++) {
    messages.push(good(`good ${i}`));
    const name = poisonNames[i % 5 === 0 ? (i / 5) % poisonNames.length : -1];
    if (name !== undefined)
      messages.push({
        ...POISON[name]!.message,
        key: name,
        headers: { ...POISON[name]!.message.headers, poison: name },
      });
  }
  const raw = seedProducer();
  await raw.connect();
  await raw.send({ topic, messages });
  await raw.disconnect();

  const handled: string[] = [];
  const { logger, lines } = collectingLogger();
  const consumer = createConsumer(tasks, kafka, {
    groupId: uniqueName('poison'),
    topic,
    consumerConfig: FAST_CONSUMER,
    logger,
    handlers: { 'task.created.v1': (event) => void handled.push(event.payload.title) },
  });
  await consumer.start();
  try {
    await waitFor(
      () => consumer.stats().handled + consumer.stats().deadLettered >= messages.length,
      'all records',
    );
  } finally {
    await consumer.stop();
  }
  // A redelivery here has come from the group's life (a rejoin, a crash): its log says which.
  withConsumerLog(lines, () => {
    expect(handled.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `good ${i}`).sort());
    expect(consumer.stats()).toEqual({
      handled: 40,
      deadLettered: poisonNames.length,
      skipped: 0,
      duplicates: 0,
    });
  });
  expect(messages.length).toBe(consumer.stats().handled + consumer.stats().deadLettered);

  const dlq = await readTopic(kafka, `${topic}.dlq`, poisonNames.length);
  expect(dlq.map((r) => r.key).sort()).toEqual([...poisonNames].sort());
  for (const record of dlq) {
    const poison = POISON[record.key!]!;
    expect(record.headers[DLQ_HEADERS.errorCode]).toBe(poison.code);
    expect(record.headers[DLQ_HEADERS.error]).toMatch(poison.reason);
    expect(record.headers).toMatchObject({
      [DLQ_HEADERS.originalTopic]: topic,
      [DLQ_HEADERS.attempts]: '0',
      poison: record.key, // original headers kept
      ...(poison.message.headers ?? {}),
    });
    expect(record.headers[DLQ_HEADERS.failedAt]).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The value is the original bytes (null for the tombstone).
    const original = poison.message.value;
    expect(record.message.value === null ? null : Buffer.from(record.message.value)).toEqual(
      original === null ? null : Buffer.from(original as string | Buffer),
    );
    // The position points at the original record, and the log line names it too.
    const position = `${topic}[${record.headers[DLQ_HEADERS.originalPartition]}]@${record.headers[DLQ_HEADERS.originalOffset]}`;
    expect(
      lines.some(
        (line) => line.level === 'warn' && line.message.includes(`dead-lettered ${position}`),
      ),
    ).toBe(true);
  }
  // Everything is committed: bad records do not block the partition.
  expect(await committedOffsets(admin(), consumer.groupId, topic)).toEqual(
    await topicEnds(admin(), topic),
  );
});

it('dead-letters a record whose handler always fails after the configured attempts, then goes on', async () => {
  const topic = uniqueName('always-fails');
  await createTopics(admin(), [{ topic }]);
  const producer = createProducer(tasks, kafka, { topic });
  const failing = tasks.create('task.created.v1', {
    ...taskSamples['task.created.v1'],
    title: 'always fails',
  });
  const next = tasks.create('task.created.v1', {
    ...taskSamples['task.created.v1'],
    title: 'next',
  });
  await producer.publishMany([failing, next]);
  await producer.disconnect();

  const calls: { title: string; attempt: number; at: number }[] = [];
  const errors: ConsumerError[] = [];
  const consumer = createConsumer(tasks, kafka, {
    groupId: uniqueName('always-fails'),
    topic,
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    retry: { attempts: 4, initialBackoffMs: 50, multiplier: 2 },
    onError: (error) => void errors.push(error),
    handlers: {
      'task.created.v1': (event, ctx) => {
        calls.push({ title: event.payload.title, attempt: ctx.attempt, at: Date.now() });
        if (event.payload.title === 'always fails') throw new Error('database unavailable');
      },
    },
  });
  await consumer.start();
  try {
    await waitFor(() => calls.some((c) => c.title === 'next'), 'the record after the failing one');
  } finally {
    await consumer.stop();
  }
  const failedCalls = calls.filter((c) => c.title === 'always fails');
  expect(failedCalls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
  // Exponential backoff: 50, 100, 200 ms between attempts.
  const gaps = failedCalls.slice(1).map((c, i) => c.at - failedCalls[i]!.at);
  [50, 100, 200].forEach((min, i) => expect(gaps[i]).toBeGreaterThanOrEqual(min - 5));
  expect(errors.map((e) => e.code)).toEqual(['HANDLER_FAILED']);
  expect(consumer.stats()).toMatchObject({ handled: 1, deadLettered: 1 });

  const [record] = await readTopic(kafka, `${topic}.dlq`, 1);
  expect(record!.key).toBe(TASK_ID);
  expect(JSON.parse(record!.value!)).toEqual(failing);
  expect(record!.headers).toMatchObject({
    [DLQ_HEADERS.errorCode]: 'HANDLER_FAILED',
    [DLQ_HEADERS.error]: 'Error: database unavailable',
    [DLQ_HEADERS.attempts]: '4',
    [DLQ_HEADERS.originalTopic]: topic,
    [DLQ_HEADERS.originalPartition]: '0',
    [DLQ_HEADERS.originalOffset]: '0',
    'x-event-id': failing.event_id,
    ce_id: failing.event_id,
  });
  expect(await committedOffsets(admin(), consumer.groupId, topic)).toEqual(new Map([[0, 2]]));
});

it('does not commit a record whose dead-letter write failed; a later consumer dead-letters it', async () => {
  const topic = uniqueName('dlq-down');
  await createTopics(admin(), [{ topic }]);
  const before = good('before');
  const after = good('after');
  const raw = seedProducer();
  await raw.connect();
  await raw.send({ topic, messages: [before, { key: 'poison', value: 'not json' }, after] });
  await raw.disconnect();

  const groupId = uniqueName('dlq-down');
  const handled: string[] = [];
  const handlers = {
    'task.created.v1': (event: { payload: { title: string } }) =>
      void handled.push(event.payload.title),
  };
  const errors: ConsumerError[] = [];
  const broken = createConsumer(tasks, kafka, {
    groupId,
    topic,
    // An illegal topic name: the broker rejects every write to it.
    deadLetterTopic: 'no such topic!',
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    onError: (error) => void errors.push(error),
    handlers,
  });
  await broken.start();
  try {
    await waitFor(
      () => errors.some((e) => e.code === 'DEAD_LETTER_FAILED'),
      'a failed dead-letter write',
    );
  } finally {
    await broken.stop();
  }
  const failure = errors.find((e) => e.code === 'DEAD_LETTER_FAILED')!;
  expect(failure.message).toContain(`${topic}[0]@1`);
  expect(handled).toEqual(['before']);
  // Offset 0 is done, offset 1 (the poison) is not: committed = 1.
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(new Map([[0, 1]]));

  const fixed = createConsumer(tasks, kafka, {
    groupId,
    topic,
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    handlers,
  });
  await fixed.start();
  try {
    await waitFor(() => handled.includes('after'), 'the record after the poison');
  } finally {
    await fixed.stop();
  }
  expect(handled).toEqual(['before', 'after']);
  const [record] = await readTopic(kafka, `${topic}.dlq`, 1);
  expect(record!).toMatchObject({ key: 'poison', value: 'not json' });
  expect(record!.headers[DLQ_HEADERS.originalOffset]).toBe('1');
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(new Map([[0, 3]]));
});
