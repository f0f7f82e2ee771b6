/**
 * The per-record pipeline without a broker: what each kind of record leads to (handler, skip,
 * duplicate, retries, dead letter) and what the pipeline reports and counts.
 */
import type { KafkaMessage } from 'kafkajs';
import { silentLogger } from '../logger';
import { checkHandlers, type MessageContext } from '../handlers';
import { resolveRetry, type RetryOptions } from '../retry';
import { InMemoryDedupeStore, type DedupeStore } from '../dedupe';
import type { DeadLetterReason } from '../dead-letter';
import type { ConsumerError, RecordPosition } from '../errors';
import { encodeKafkaRecord } from '../../cloudevents/kafka-record';
import { taskSamples, tasks } from '../__fixtures__/seed-domains';
import { createRecordPipeline } from './record-pipeline';
import { TOPIC, kafkaMessage, taskRecord } from './__fixtures__/fake-batch';

type Handler = (
  event: { event_id: string; payload: { title: string } },
  context: MessageContext,
) => void | Promise<void>;

interface Setup {
  readonly handler?: Handler;
  readonly retry?: Partial<RetryOptions>;
  readonly dedupe?: DedupeStore;
  readonly onUnhandled?: 'skip' | 'dead-letter';
}

function setup({ handler = () => undefined, retry, dedupe, onUnhandled = 'skip' }: Setup = {}) {
  const deadLettered: { position: RecordPosition; reason: DeadLetterReason }[] = [];
  const reported: ConsumerError[] = [];
  const pipeline = createRecordPipeline({
    domain: tasks,
    groupId: 'g',
    handlers: checkHandlers(tasks, { 'task.created.v1': handler }, false),
    retry: resolveRetry({ initialBackoffMs: 1, ...retry }),
    dedupe,
    onUnhandled,
    logger: silentLogger,
    report: (error) => void reported.push(error),
    deadLetter: async (position, _message, reason) => void deadLettered.push({ position, reason }),
  });
  const run = (message: KafkaMessage, signal = new AbortController().signal) =>
    pipeline.process(
      { topic: TOPIC, partition: 0, offset: message.offset },
      message,
      async () => undefined,
      signal,
    );
  return { pipeline, run, deadLettered, reported };
}

/** A valid task.deleted.v1 record: the specs' handler maps have no handler for it. */
const unhandledRecord = (offset: number) => {
  const event = tasks.create('task.deleted.v1', taskSamples['task.deleted.v1']);
  const encoded = encodeKafkaRecord(tasks, event, 'binary');
  return kafkaMessage(offset, encoded.value, encoded.key, encoded.headers);
};

it('hands a valid event to its handler with the record context, synchronously for a sync handler', () => {
  const contexts: MessageContext[] = [];
  const titles: string[] = [];
  const { run, pipeline } = setup({
    handler: (event, context) => {
      titles.push(event.payload.title);
      contexts.push(context);
      expect(Object.isFrozen(event)).toBe(true);
    },
  });
  // A plain 'done', not a promise: the common path costs no microtask.
  expect(run(taskRecord(7, 'first'))).toBe('done');
  expect(titles).toEqual(['first']);
  expect(contexts[0]).toMatchObject({
    topic: TOPIC,
    partition: 0,
    offset: '7',
    groupId: 'g',
    attempt: 1,
  });
  expect(pipeline.stats()).toEqual({ handled: 1, deadLettered: 0, skipped: 0, duplicates: 0 });
});

it('dead-letters a record that does not decode, with the decode error and 0 attempts', async () => {
  const { run, pipeline, deadLettered } = setup({
    handler: () => {
      throw new Error('must not be called');
    },
  });
  await expect(run(kafkaMessage(3, '{"event_id": '))).resolves.toBe('done');
  expect(deadLettered).toEqual([
    {
      position: { topic: TOPIC, partition: 0, offset: '3' },
      reason: {
        code: 'DECODE_FAILED',
        message: expect.stringMatching(/not valid JSON/),
        attempts: 0,
      },
    },
  ]);
  expect(pipeline.stats()).toMatchObject({ handled: 0, deadLettered: 1 });
});

it('skips a valid event without a handler by default, dead-letters it with onUnhandled: dead-letter', async () => {
  const skipping = setup();
  expect(skipping.run(unhandledRecord(0))).toBe('done');
  expect(skipping.pipeline.stats()).toMatchObject({ skipped: 1, deadLettered: 0 });

  const strict = setup({ onUnhandled: 'dead-letter' });
  await expect(strict.run(unhandledRecord(0))).resolves.toBe('done');
  expect(strict.deadLettered.map((d) => d.reason.code)).toEqual(['UNHANDLED_EVENT_TYPE']);
  expect(strict.pipeline.stats()).toMatchObject({ skipped: 0, deadLettered: 1 });
});

it('retries a failing handler with its attempt number and counts it handled once it succeeds', async () => {
  const attempts: number[] = [];
  const { run, pipeline, deadLettered } = setup({
    retry: { attempts: 3 },
    handler: (_event, context) => {
      attempts.push(context.attempt);
      if (context.attempt < 3) throw new Error('not yet');
    },
  });
  await expect(run(taskRecord(0, 't'))).resolves.toBe('done');
  expect(attempts).toEqual([1, 2, 3]);
  expect(deadLettered).toEqual([]);
  expect(pipeline.stats()).toMatchObject({ handled: 1, deadLettered: 0 });
});

it('dead-letters after the last attempt and reports HANDLER_FAILED; a non-retryable error gets no retry', async () => {
  const exhausted = setup({
    retry: { attempts: 2 },
    handler: async () => {
      throw new Error('database unavailable');
    },
  });
  await expect(exhausted.run(taskRecord(5, 't'))).resolves.toBe('done');
  expect(exhausted.deadLettered.map((d) => d.reason)).toEqual([
    { code: 'HANDLER_FAILED', message: 'Error: database unavailable', attempts: 2 },
  ]);
  expect(exhausted.reported.map((e) => e.code)).toEqual(['HANDLER_FAILED']);

  let calls = 0;
  const permanent = setup({
    retry: { attempts: 5, retryable: () => false },
    handler: () => {
      calls++;
      throw new Error('bad data');
    },
  });
  await expect(permanent.run(taskRecord(6, 't'))).resolves.toBe('done');
  expect(calls).toBe(1);
  expect(permanent.deadLettered.map((d) => d.reason.attempts)).toEqual([1]);
});

it('settles interrupted, without dead-lettering, when a stop cuts a backoff short', async () => {
  const stop = new AbortController();
  const { run, deadLettered, pipeline } = setup({
    retry: { attempts: 3, initialBackoffMs: 60_000 },
    handler: () => {
      stop.abort();
      throw new Error('fails');
    },
  });
  await expect(run(taskRecord(0, 't'), stop.signal)).resolves.toBe('interrupted');
  expect(deadLettered).toEqual([]);
  expect(pipeline.stats()).toEqual({ handled: 0, deadLettered: 0, skipped: 0, duplicates: 0 });
});

it('skips an event already handled, and records an event as handled only after its handler succeeded', async () => {
  const store = new InMemoryDedupeStore();
  let fail = true;
  const { run, pipeline } = setup({
    dedupe: store,
    retry: { attempts: 1 },
    handler: () => {
      if (fail) throw new Error('first delivery fails');
    },
  });
  const record = taskRecord(0, 't');
  const eventId = JSON.parse(record.value!.toString()).event_id as string;
  await run(record); // fails, dead-lettered: not recorded as handled
  expect(store.has(eventId)).toBe(false);
  fail = false;
  expect(run(record)).toBe('done');
  expect(store.has(eventId)).toBe(true);
  expect(run(record)).toBe('done');
  expect(pipeline.stats()).toEqual({ handled: 1, deadLettered: 1, skipped: 0, duplicates: 1 });
});

it('rejects, uncounted, when the dead-letter write fails, so the record is not committed', async () => {
  const failure = new Error('no such topic');
  const pipeline = createRecordPipeline({
    domain: tasks,
    groupId: 'g',
    handlers: checkHandlers(tasks, {}, false),
    retry: resolveRetry({}),
    dedupe: undefined,
    onUnhandled: 'skip',
    logger: silentLogger,
    report: () => undefined,
    deadLetter: async () => {
      throw failure;
    },
  });
  const message = kafkaMessage(0, 'not json');
  await expect(
    pipeline.process(
      { topic: TOPIC, partition: 0, offset: '0' },
      message,
      async () => undefined,
      new AbortController().signal,
    ),
  ).rejects.toBe(failure);
  expect(pipeline.stats().deadLettered).toBe(0);
});

it('lets a failing dedupe store out instead of dead-lettering or handling the record', async () => {
  const outage = new Error('dedupe store down');
  let calls = 0;
  const { run, deadLettered, pipeline } = setup({
    dedupe: { has: async () => Promise.reject(outage), add: () => undefined },
    handler: () => void calls++,
  });
  await expect(run(taskRecord(0, 't'))).rejects.toBe(outage);
  expect(calls).toBe(0);
  expect(deadLettered).toEqual([]);
  expect(pipeline.stats()).toEqual({ handled: 0, deadLettered: 0, skipped: 0, duplicates: 0 });
});
