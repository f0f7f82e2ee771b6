/**
 * The batch loop against fake kafkajs batches: which offsets it resolves and commits on each way
 * out, and what it leaves alone once the group is rebalancing.
 */
import { silentLogger } from '../logger';
import { createOffsetCommitter } from '../offset-commits';
import type { DeadLetterReason } from '../dead-letter';
import { checkHandlers } from '../handlers';
import { resolveRetry, type RetryOptions } from '../retry';
import { tasks } from '../__fixtures__/seed-domains';
import { createBatchProcessor, endsMembership, type GroupMembership } from './batch';
import { createRecordPipeline, type DeadLetterSink } from './record-pipeline';
import {
  OffsetBook,
  fakeBatch,
  kafkaMessage,
  kafkaProtocolError,
  taskRecord,
} from './__fixtures__/fake-batch';

interface Setup {
  readonly commitIntervalMs?: number;
  /** Runs for each handled title with the consumer's stop controller; may be async or throw. */
  readonly onTitle?: (title: string, stop: AbortController) => void | Promise<void>;
  readonly deadLetter?: DeadLetterSink;
  readonly retry?: Partial<RetryOptions>;
}

function setup({ commitIntervalMs = 0, onTitle, deadLetter, retry }: Setup = {}) {
  const stop = new AbortController();
  const handled: string[] = [];
  const deadLettered: { offset: string; partition: number; reason: DeadLetterReason }[] = [];
  const pipeline = createRecordPipeline({
    domain: tasks,
    groupId: 'g',
    handlers: checkHandlers(
      tasks,
      {
        'task.created.v1': (event: { payload: { title: string } }) => {
          handled.push(event.payload.title);
          return onTitle?.(event.payload.title, stop);
        },
      },
      false,
    ),
    retry: resolveRetry({ attempts: 1, ...retry }),
    dedupe: undefined,
    onUnhandled: 'skip',
    logger: silentLogger,
    report: () => undefined,
    deadLetter:
      deadLetter ??
      (async (position, _message, reason) => {
        deadLettered.push({ offset: position.offset, partition: position.partition, reason });
      }),
  });
  const offsets = createOffsetCommitter(commitIntervalMs, () => undefined);
  const membership: GroupMembership = { ending: false };
  const eachBatch = createBatchProcessor({
    pipeline,
    offsets,
    membership,
    stopSignal: stop.signal,
    groupId: 'g',
    logger: silentLogger,
  });
  return { eachBatch, offsets, membership, stop, handled, deadLettered, pipeline };
}

const goods = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => taskRecord(first + i, `good ${first + i}`));

afterEach(() => jest.useRealTimers());

it('commits every finished record at batch end when the interval is due', async () => {
  const { eachBatch, handled } = setup({ commitIntervalMs: 0 });
  const { payload, book } = fakeBatch(goods(0, 3));
  await eachBatch(payload);
  expect(handled).toEqual(['good 0', 'good 1', 'good 2']);
  // kafkajs' committed offset is the next record to read.
  expect(book.committed.get(0)).toBe('3');
});

it('resolves the last finished record before returning, so a commit from outside the batch (rebalance, stop, timer) carries it', async () => {
  const { eachBatch, offsets } = setup({ commitIntervalMs: 60_000 });
  const { payload, book } = fakeBatch(goods(0, 3));
  await eachBatch(payload);
  // Not due: nothing sent yet, but every finished record is resolved.
  expect(book.commits).toEqual([]);
  expect(book.resolved.get(0)).toBe('3');
  await offsets.commit(); // what the REBALANCING listener and stop() call
  expect(book.commits).toEqual([{ 0: '3' }]);
  offsets.cancel();
});

it('on a failed dead-letter write commits the records before it, not it, and rethrows', async () => {
  const failure = new Error('dead-letter topic unavailable');
  const { eachBatch, handled } = setup({
    deadLetter: async () => {
      throw failure;
    },
  });
  const records = [...goods(0, 2), kafkaMessage(2, 'not json'), ...goods(3, 1)];
  const { payload, book } = fakeBatch(records);
  await expect(eachBatch(payload)).rejects.toBe(failure);
  expect(handled).toEqual(['good 0', 'good 1']);
  expect(book.committed.get(0)).toBe('2');
  expect(book.resolved.get(0)).toBe('2');
});

it('after a batch failed on a rebalance, leaves the rest of that fetch alone', async () => {
  // The flake of dead-letter.kafka.spec.ts (10 dead-letter writes for 8 poison records): kafkajs
  // hands every batch of a fetch to eachBatch even after one failed on a rebalance. Records done
  // then cannot be committed once the rebalance completes, so they were read and dead-lettered
  // again. Here partition 0 learns of the rebalance; partition 1 (poison only) comes next.
  const { eachBatch, membership, deadLettered, handled } = setup({
    commitIntervalMs: 60_000,
    // Long enough for the batch loop to ask for a heartbeat after this record.
    onTitle: (title) =>
      title === 'good 0' ? new Promise((resolve) => setTimeout(resolve, 150)) : undefined,
  });
  const book = new OffsetBook();
  const rebalance = kafkaProtocolError('REBALANCE_IN_PROGRESS');
  const first = fakeBatch(goods(0, 2), {
    partition: 0,
    book,
    heartbeat: async () => {
      throw rebalance;
    },
  });
  const poison = [kafkaMessage(0, 'not json'), kafkaMessage(1, '[1]')];
  const second = fakeBatch(poison, { partition: 1, book });

  await expect(eachBatch(first.payload)).rejects.toBe(rebalance);
  // The record finished before the heartbeat failed is committed at once, in this generation.
  expect(handled).toEqual(['good 0']);
  expect(book.commits).toEqual([{ 0: '1' }]);
  expect(membership.ending).toBe(true);

  await eachBatch(second.payload);
  expect(deadLettered).toEqual([]);
  expect(book.resolved.has(1)).toBe(false);

  // kafkajs rejoins and fetches again (GROUP_JOIN, FETCH_START clear the flag): partition 1 from its
  // committed offset: each poison record is dead-lettered exactly once.
  membership.ending = false;
  await eachBatch(fakeBatch(poison, { partition: 1, book }).payload);
  expect(deadLettered.map((d) => `${d.partition}@${d.offset}`)).toEqual(['1@0', '1@1']);
  expect(book.resolved.get(1)).toBe('2');
});

it('moves the next fetch past finished records after kafkajs rejoined without a commit, for the partitions it still has', async () => {
  // The flake's other face (all 40 good records of dead-letter.kafka.spec.ts handled twice):
  // kafkajs rejoins from a fetch that saw stale metadata without emitting REBALANCING, or the
  // consumer restarts after a crash with a new kafkajs group object; a join starts from the
  // broker's committed offsets, forgetting resolved ones.
  const { eachBatch, offsets, handled } = setup({ commitIntervalMs: 60_000 });
  const book = new OffsetBook();
  await eachBatch(fakeBatch(goods(0, 3), { partition: 0, book }).payload);
  await eachBatch(fakeBatch(goods(0, 2), { partition: 1, book }).payload);
  expect(book.commits).toEqual([]); // not due yet
  expect(handled).toHaveLength(5);

  // The seek reaches the group of the current run, not the book the batches came from.
  let seeks: [number, string][] = [];
  offsets.rejoined([0], (partition, offset) => seeks.push([partition, offset])); // 1 moved away
  expect(seeks).toEqual([[0, '3']]); // the next fetch of 0 starts after good 2

  // Once rejoined, nothing is sought again at the next join (the seek resolves it in kafkajs,
  // and the next commit carries it).
  seeks = [];
  offsets.rejoined([0, 1], (partition, offset) => seeks.push([partition, offset]));
  expect(seeks).toEqual([]);
  offsets.cancel();
});

it('seeks nothing at a join once the finished records were committed', async () => {
  const { eachBatch, offsets } = setup({ commitIntervalMs: 60_000 });
  const book = new OffsetBook();
  await eachBatch(fakeBatch(goods(0, 2), { partition: 0, book }).payload);
  await offsets.commit();
  expect(book.commits).toEqual([{ 0: '2' }]);
  const seeks: [number, string][] = [];
  offsets.rejoined([0], (partition, offset) => seeks.push([partition, offset]));
  expect(seeks).toEqual([]);
  offsets.cancel();
});

it('recognises the kafkajs errors after which the member rejoins, and only those', () => {
  for (const type of [
    'REBALANCE_IN_PROGRESS',
    'ILLEGAL_GENERATION',
    'UNKNOWN_MEMBER_ID',
    'NOT_COORDINATOR_FOR_GROUP',
  ]) {
    expect(endsMembership(kafkaProtocolError(type))).toBe(true);
  }
  for (const error of [kafkaProtocolError('REQUEST_TIMED_OUT'), new Error('x'), null, 'text']) {
    expect(endsMembership(error)).toBe(false);
  }
});

it('stops between records on stop() and commits what it finished at once', async () => {
  const { eachBatch, handled } = setup({
    commitIntervalMs: 60_000,
    onTitle: (title, stop) => (title === 'good 1' ? stop.abort() : undefined),
  });
  const { payload, book } = fakeBatch(goods(0, 4));
  await eachBatch(payload);
  expect(handled).toEqual(['good 0', 'good 1']);
  expect(book.commits).toEqual([{ 0: '2' }]);
});

it('does not resolve a record whose retry backoff a stop interrupted', async () => {
  const { eachBatch, handled, deadLettered } = setup({
    commitIntervalMs: 60_000,
    retry: { attempts: 3, initialBackoffMs: 10_000 },
    onTitle: (title, stop) => {
      if (title !== 'good 1') return;
      stop.abort();
      throw new Error('fails once, then the consumer stops');
    },
  });
  const { payload, book } = fakeBatch(goods(0, 3));
  await eachBatch(payload);
  expect(handled).toEqual(['good 0', 'good 1']);
  expect(deadLettered).toEqual([]);
  expect(book.committed.get(0)).toBe('1');
});

it('heartbeats between records at most every 100 ms', async () => {
  jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  let beats = 0;
  const { eachBatch } = setup({
    commitIntervalMs: 60_000,
    onTitle: () => void jest.setSystemTime(Date.now() + 40),
  });
  const { payload } = fakeBatch(goods(0, 10), { heartbeat: async () => void beats++ });
  await eachBatch(payload);
  // 10 records of 40 ms each: a heartbeat at 120, 240 and 360 ms.
  expect(beats).toBe(3);
});
