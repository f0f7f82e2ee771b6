/** Graceful stop: the record in hand is finished (or left uncommitted), progress is committed. */
import { createConsumer } from './consumer';
import { tasks } from './__fixtures__/seed-domains';
import {
  collectingLogger,
  committedOffsets,
  connectedAdmin,
  createTopics,
  FAST_CONSUMER,
  publishTaskEvents,
  testKafka,
  topicEnds,
  uniqueName,
  waitFor,
} from './__fixtures__/kafka-harness';

const kafka = testKafka('restart');
const admin = connectedAdmin(kafka);

type Seen = { id: string; partition: number; offset: number };

function consumerFor(
  topic: string,
  groupId: string,
  seen: Seen[],
  extra: { delayMs?: number } = {},
) {
  return createConsumer(tasks, kafka, {
    groupId,
    topic,
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    handlers: {
      'task.created.v1': async (event, ctx) => {
        if (extra.delayMs) await new Promise((resolve) => setTimeout(resolve, extra.delayMs));
        seen.push({ id: event.event_id, partition: ctx.partition, offset: Number(ctx.offset) });
      },
    },
  });
}

it('resumes from the committed offsets after a stop mid-stream: nothing lost, nothing repeated', async () => {
  const topic = uniqueName('resume');
  const groupId = uniqueName('resume');
  await createTopics(admin(), [{ topic, partitions: 3 }]);
  const ids = await publishTaskEvents(kafka, topic, 1500);

  const first: Seen[] = [];
  const one = consumerFor(topic, groupId, first, { delayMs: 1 });
  await one.start();
  await waitFor(() => first.length >= 300, '300 handled before the stop');
  await one.stop();
  expect(first.length).toBeLessThan(ids.length); // really stopped mid-stream

  // Committed = one past the last handled offset of each partition: the stop committed all of it.
  const committed = await committedOffsets(admin(), groupId, topic);
  for (const [partition, offset] of committed) {
    const handled = first.filter((s) => s.partition === partition).map((s) => s.offset);
    expect(offset).toBe(handled.length === 0 ? -1 : Math.max(...handled) + 1);
    if (handled.length > 0) expect(handled).toEqual(Array.from({ length: offset }, (_, i) => i));
  }

  const second: Seen[] = [];
  const two = consumerFor(topic, groupId, second);
  await two.start();
  await waitFor(() => first.length + second.length >= ids.length, 'the rest after the restart');
  await two.stop();

  const all = [...first, ...second].map((s) => s.id);
  expect(new Set(all).size).toBe(all.length); // no duplicates: the graceful stop committed everything handled
  expect(new Set(all)).toEqual(new Set(ids));
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(await topicEnds(admin(), topic));
});

it('a stop during a retry backoff leaves that record uncommitted for the next consumer', async () => {
  const topic = uniqueName('stop-in-backoff');
  const groupId = uniqueName('stop-in-backoff');
  await createTopics(admin(), [{ topic }]);
  await publishTaskEvents(kafka, topic, 1);
  let failedOnce = false;
  const failing = createConsumer(tasks, kafka, {
    groupId,
    topic,
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    retry: { attempts: 3, initialBackoffMs: 60_000 },
    handlers: {
      'task.created.v1': () => {
        failedOnce = true;
        throw new Error('downstream is down');
      },
    },
  });
  await failing.start();
  await waitFor(() => failedOnce, 'the first failure');
  const stopStarted = Date.now();
  await failing.stop();
  expect(Date.now() - stopStarted).toBeLessThan(15_000); // did not sit out the 60 s backoff
  expect(failing.stats()).toMatchObject({ handled: 0, deadLettered: 0 });
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(new Map([[0, -1]]));

  const seen: Seen[] = [];
  const healthy = consumerFor(topic, groupId, seen);
  await healthy.start();
  await waitFor(() => seen.length === 1, 'the redelivered record');
  await healthy.stop();
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(new Map([[0, 1]]));
});

it('stops gracefully on SIGTERM when stopOnSignals is set', async () => {
  const topic = uniqueName('signals');
  const groupId = uniqueName('signals');
  await createTopics(admin(), [{ topic }]);
  await publishTaskEvents(kafka, topic, 5);
  let handled = 0;
  const consumer = createConsumer(tasks, kafka, {
    groupId,
    topic,
    stopOnSignals: true,
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    handlers: { 'task.created.v1': () => void handled++ },
  });
  // Another listener keeps the re-raised signal from ending the jest worker.
  const keepAlive = () => undefined;
  process.on('SIGTERM', keepAlive);
  try {
    const running = consumer.run();
    await waitFor(() => handled === 5, 'all 5 records');
    const before = process.listenerCount('SIGTERM');
    process.emit('SIGTERM', 'SIGTERM');
    await running; // resolves once the signal-triggered stop finished
    expect(process.listenerCount('SIGTERM')).toBe(before - 1);
  } finally {
    process.removeListener('SIGTERM', keepAlive);
  }
  expect(consumer.consumer).toBeUndefined();
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(new Map([[0, 5]]));
});
