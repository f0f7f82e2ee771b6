/** Handler retries: a transient failure is retried in place, offsets stay right, heartbeats go on. */
import { createConsumer } from './consumer';
import { createProducer } from './producer';
import { taskSamples, tasks } from './__fixtures__/seed-domains';
import {
  connectedAdmin,
  collectingLogger,
  committedOffsets,
  createTopics,
  FAST_CONSUMER,
  testKafka,
  topicEnds,
  uniqueName,
  waitFor,
} from './__fixtures__/kafka-harness';

const kafka = testKafka('retry');
const admin = connectedAdmin(kafka);

async function publishTitles(topic: string, titles: readonly string[]) {
  const producer = createProducer(tasks, kafka, { topic });
  await producer.publishMany(
    titles.map((title) =>
      tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], title }),
    ),
  );
  await producer.disconnect();
}

it('retries a handler that fails twice: handled once, in order, offsets committed', async () => {
  const topic = uniqueName('flaky');
  await createTopics(admin(), [{ topic }]);
  await publishTitles(topic, ['a', 'flaky', 'b']);

  const attempts: number[] = [];
  const effects: string[] = [];
  const { logger, lines } = collectingLogger();
  const groupId = uniqueName('flaky');
  const consumer = createConsumer(tasks, kafka, {
    groupId,
    topic,
    consumerConfig: FAST_CONSUMER,
    logger,
    retry: { attempts: 3, initialBackoffMs: 20 },
    handlers: {
      'task.created.v1': (event, ctx) => {
        if (event.payload.title === 'flaky') {
          attempts.push(ctx.attempt);
          if (ctx.attempt < 3) throw new Error(`transient failure ${ctx.attempt}`);
        }
        effects.push(event.payload.title);
      },
    },
  });
  await consumer.start();
  try {
    await waitFor(() => effects.length >= 3, 'three effects');
  } finally {
    await consumer.stop();
  }
  expect(attempts).toEqual([1, 2, 3]);
  expect(effects).toEqual(['a', 'flaky', 'b']);
  expect(consumer.stats()).toEqual({ handled: 3, deadLettered: 0, skipped: 0, duplicates: 0 });
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(new Map([[0, 3]]));
  expect((await admin().listTopics()).includes(`${topic}.dlq`)).toBe(false);
  // The retry warnings name the record.
  const retries = lines.filter(
    (l) => l.level === 'warn' && l.message.startsWith('handler for task.created.v1 failed'),
  );
  expect(retries.map((l) => l.message)).toEqual([
    expect.stringContaining(
      `at ${topic}[0]@1 (attempt 1/3), retrying in 20 ms: Error: transient failure 1`,
    ),
    expect.stringContaining(
      `at ${topic}[0]@1 (attempt 2/3), retrying in 40 ms: Error: transient failure 2`,
    ),
  ]);
});

it('dead-letters at once an error the retry policy calls permanent', async () => {
  const topic = uniqueName('permanent');
  await createTopics(admin(), [{ topic }]);
  await publishTitles(topic, ['bad']);
  let calls = 0;
  const consumer = createConsumer(tasks, kafka, {
    groupId: uniqueName('permanent'),
    topic,
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    retry: { attempts: 5, retryable: (error) => !(error instanceof RangeError) },
    handlers: {
      'task.created.v1': () => {
        calls++;
        throw new RangeError('amount out of range');
      },
    },
  });
  await consumer.start();
  try {
    await waitFor(() => consumer.stats().deadLettered === 1, 'the dead-lettered record');
  } finally {
    await consumer.stop();
  }
  expect(calls).toBe(1);
});

it('keeps its group membership through a backoff longer than the session timeout', async () => {
  const topic = uniqueName('long-backoff');
  await createTopics(admin(), [{ topic }]);
  await publishTitles(topic, ['slow']);
  const sessionTimeout = 6000; // the broker's minimum
  const attempts: number[] = [];
  const groupId = uniqueName('long-backoff');
  const consumer = createConsumer(tasks, kafka, {
    groupId,
    topic,
    consumerConfig: { ...FAST_CONSUMER, sessionTimeout, heartbeatInterval: 1000 },
    logger: collectingLogger().logger,
    retry: { attempts: 2, initialBackoffMs: sessionTimeout + 2000 },
    handlers: {
      'task.created.v1': (_, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt === 1) throw new Error('first attempt fails');
      },
    },
  });
  await consumer.start();
  const rebalances: unknown[] = [];
  const kafkajsConsumer = consumer.consumer!;
  kafkajsConsumer.on(kafkajsConsumer.events.REBALANCING, (e) => void rebalances.push(e));
  kafkajsConsumer.on(kafkajsConsumer.events.CRASH, (e) => void rebalances.push(e));
  try {
    await waitFor(() => attempts.length === 2, 'the retry after the long backoff', 30_000);
    const described = await admin().describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({ state: 'Stable' });
    expect(described.groups[0]!.members).toHaveLength(1);
  } finally {
    await consumer.stop();
  }
  expect(rebalances).toEqual([]);
  expect(consumer.stats()).toMatchObject({ handled: 1, deadLettered: 0 });
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(await topicEnds(admin(), topic));
});
