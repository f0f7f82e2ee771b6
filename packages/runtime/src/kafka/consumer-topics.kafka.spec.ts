/**
 * The consumer's topic check at start, on a broker with auto.create.topics.enable=false: a missing
 * topic fails start() naming it, a missing dead-letter topic is created (or, when forbidden, fails
 * start()), and a poison record then no longer blocks its partition.
 */
import { brokerWithoutAutoCreate } from './__fixtures__/strict-broker';
import { taskSamples, tasks } from './__fixtures__/seed-domains';
import {
  collectingLogger,
  committedOffsets,
  FAST_CONSUMER,
  readTopic,
  topicEnds,
  uniqueName,
  waitFor,
} from './__fixtures__/kafka-harness';
import { createConsumer, type ConsumerOptions } from './consumer';
import { createProducer } from './producer';
import { DLQ_HEADERS } from './dead-letter';
import { ensureTopics } from './topics';

const strict = brokerWithoutAutoCreate('consumer-topics');
const admin = () => strict.admin();

function consumerOf(topic: string, options: Partial<ConsumerOptions<typeof tasks>> = {}) {
  const handled: string[] = [];
  const consumer = createConsumer(tasks, strict.kafka(), {
    groupId: uniqueName('topic-check'),
    topic,
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    handlers: { 'task.created.v1': (event) => void handled.push(event.payload.title) },
    ...options,
  } as ConsumerOptions<typeof tasks>);
  return { consumer, handled };
}

it('fails start() naming a missing topic and how to create it, and creates nothing', async () => {
  const topic = uniqueName('no-topic');
  const { consumer } = consumerOf(topic);
  const starting = consumer.start();
  await expect(starting).rejects.toMatchObject({ code: 'TOPIC_MISSING' });
  await expect(starting).rejects.toThrow(`"${topic}"`);
  await expect(starting).rejects.toThrow('kafka-events topics --ensure');
  expect(consumer.consumer).toBeUndefined();
  const topics = await admin().listTopics();
  expect(topics).not.toContain(topic);
  expect(topics).not.toContain(`${topic}.dlq`);
});

it('with createDeadLetterTopic: false, fails start() naming the missing dead-letter topic', async () => {
  const topic = uniqueName('no-dlq');
  await ensureTopics(admin(), [{ topic, partitions: 2 }]);
  const { consumer } = consumerOf(topic, { createDeadLetterTopic: false });
  const starting = consumer.start();
  await expect(starting).rejects.toMatchObject({ code: 'TOPIC_MISSING' });
  await expect(starting).rejects.toThrow(`"${topic}.dlq"`);
  await expect(starting).rejects.toThrow('dead-letter topic');
  expect(await admin().listTopics()).not.toContain(`${topic}.dlq`);
});

it('fails start() with the broker reason when the dead-letter topic cannot be created as configured', async () => {
  const topic = uniqueName('rf');
  await ensureTopics(admin(), [{ topic, partitions: 1 }]);
  const { consumer } = consumerOf(topic, { deadLetterReplicationFactor: 3 });
  const starting = consumer.start();
  await expect(starting).rejects.toMatchObject({ code: 'TOPIC_CREATE_FAILED' });
  await expect(starting).rejects.toThrow(`"${topic}.dlq"`);
  await expect(starting).rejects.toThrow(/replication factor 3/);
});

it('creates a missing dead-letter topic like its topic, so a poison record no longer blocks its partition', async () => {
  const topic = uniqueName('task-events');
  await ensureTopics(admin(), [{ topic, partitions: 3 }]);
  // The case: an undecodable record, then a valid event behind it on the same partition.
  const valid = createProducer(tasks, strict.kafka(), { topic }).encode(
    tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], title: 'behind' }),
  );
  const raw = strict.kafka().producer();
  await raw.connect();
  await raw.send({ topic, messages: [{ key: valid.key, value: 'not json' }, valid] });
  await raw.disconnect();

  const { consumer, handled } = consumerOf(topic);
  await consumer.start();
  try {
    await waitFor(() => handled.includes('behind'), 'the valid event behind the poison record');
  } finally {
    await consumer.stop();
  }
  const { topics } = await admin().fetchTopicMetadata({ topics: [`${topic}.dlq`] });
  expect(topics[0]!.partitions).toHaveLength(3);
  const [dead] = await readTopic(strict.kafka(), `${topic}.dlq`, 1);
  expect(dead!.value).toBe('not json');
  expect(dead!.headers[DLQ_HEADERS.errorCode]).toBe('DECODE_FAILED');
  expect(consumer.stats()).toMatchObject({ handled: 1, deadLettered: 1 });
  // Both records are committed on the partition that holds them (the others stay empty).
  const ends = await topicEnds(admin(), topic);
  const committed = await committedOffsets(admin(), consumer.groupId, topic);
  const written = [...ends].filter(([, end]) => end > 0);
  expect(written.map(([, end]) => end)).toEqual([2]);
  expect(written.map(([partition]) => committed.get(partition))).toEqual([2]);

  // A second start finds both topics and creates nothing.
  const again = consumerOf(topic, { groupId: consumer.groupId });
  await again.consumer.start();
  await again.consumer.stop();
  expect((await admin().listTopics()).filter((t) => t.startsWith(topic)).sort()).toEqual([
    topic,
    `${topic}.dlq`,
  ]);
});

it('rejects option values it cannot use before anything connects', () => {
  expect(() => consumerOf('t', { deadLetterReplicationFactor: 0 })).toThrow(
    /deadLetterReplicationFactor must be an integer >= 1, got 0/,
  );
  expect(() => consumerOf('t', { createDeadLetterTopic: 'yes' as unknown as boolean })).toThrow(
    /createDeadLetterTopic must be true or false, got yes/,
  );
});
