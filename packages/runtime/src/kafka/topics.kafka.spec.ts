/** ensureTopics and findMissingTopics on a broker with auto.create.topics.enable=false. */
import { brokerWithoutAutoCreate } from './__fixtures__/strict-broker';
import { taskSamples, tasks } from './__fixtures__/seed-domains';
import { uniqueName } from './__fixtures__/kafka-harness';
import { PublishError } from './errors';
import { createProducer } from './producer';
import { TopicCreateError, TopicMismatchError } from './topic-errors';
import { ensureTopics, findMissingTopics } from './topics';

const strict = brokerWithoutAutoCreate('runtime-topics');
const admin = () => strict.admin();

const sample = () => tasks.create('task.created.v1', taskSamples['task.created.v1']);

it('the broker creates nothing on first use: a producer to a missing topic fails naming it', async () => {
  const topic = uniqueName('never-created');
  const producer = createProducer(tasks, strict.kafka(), { topic, logger: quietLogger });
  try {
    const publishing = producer.publish(sample());
    await expect(publishing).rejects.toThrow(PublishError);
    await expect(publishing).rejects.toThrow(`to ${topic} failed`);
  } finally {
    await producer.disconnect();
  }
  expect(await admin().listTopics()).not.toContain(topic);
});

it('findMissingTopics names the missing topics and creates none', async () => {
  const [present, missing] = [uniqueName('present'), uniqueName('missing')];
  await ensureTopics(admin(), [{ topic: present, partitions: 1 }]);
  expect(await findMissingTopics(admin(), [present, missing, missing])).toEqual([missing]);
  expect(await admin().listTopics()).not.toContain(missing);
});

it('creates topics with their partitions and configs, ready for writes; a second call creates nothing', async () => {
  const [events, dlq] = [uniqueName('task-events'), uniqueName('task-events-dlq')];
  const specs = [
    { topic: events, partitions: 3, replicationFactor: 1, config: { 'retention.ms': '86400000' } },
    { topic: dlq, partitions: 3, config: { 'retention.ms': '2592000000' } },
  ];
  await expect(ensureTopics(admin(), specs)).resolves.toEqual({
    created: [events, dlq],
    existing: [],
  });

  const { topics } = await admin().fetchTopicMetadata({ topics: [events, dlq] });
  for (const topic of topics) {
    expect(topic.partitions).toHaveLength(3);
    expect(topic.partitions.every((p) => p.leader >= 0 && p.replicas.length === 1)).toBe(true);
  }
  expect(await retentionOf(events)).toBe('86400000');
  expect(await retentionOf(dlq)).toBe('2592000000');

  // leaders are there: a write to every partition succeeds at once, without retries
  const producer = strict.kafka().producer({ retry: { retries: 0 } });
  await producer.connect();
  await producer.send({
    topic: events,
    messages: [0, 1, 2].map((partition) => ({ partition, value: 'x' })),
  });
  await producer.disconnect();

  await expect(ensureTopics(admin(), specs)).resolves.toEqual({
    created: [],
    existing: [events, dlq],
  });
});

it('two clients ensuring the same topics at once: each topic is created once, both succeed', async () => {
  const topic = uniqueName('raced');
  const results = await Promise.all([
    ensureTopics(admin(), [{ topic, partitions: 2 }]),
    ensureTopics(admin(), [{ topic, partitions: 2 }]),
  ]);
  expect(results.flatMap((r) => r.created)).toEqual([topic]);
  expect(results.flatMap((r) => r.existing)).toEqual([topic]);
});

it('reports an existing topic with another partition count, changes nothing and creates nothing', async () => {
  const [existing, missing] = [uniqueName('one-partition'), uniqueName('not-yet')];
  await ensureTopics(admin(), [{ topic: existing, partitions: 1 }]);

  const attempt = ensureTopics(admin(), [
    { topic: missing, partitions: 3 },
    { topic: existing, partitions: 3 },
  ]);
  await expect(attempt).rejects.toThrow(TopicMismatchError);
  await expect(attempt).rejects.toThrow(`topic "${existing}" has 1 partition, declared 3`);
  await expect(attempt).rejects.toMatchObject({
    code: 'TOPIC_MISMATCH',
    mismatches: [{ topic: existing, declared: 3, actual: 1 }],
  });

  const { topics } = await admin().fetchTopicMetadata({ topics: [existing] });
  expect(topics[0]!.partitions).toHaveLength(1);
  expect(await findMissingTopics(admin(), [missing])).toEqual([missing]);
});

it('a replication factor the cluster cannot give fails with the broker reason, naming the topic', async () => {
  const topic = uniqueName('replicated');
  const attempt = ensureTopics(admin(), [{ topic, partitions: 1, replicationFactor: 3 }]);
  await expect(attempt).rejects.toThrow(TopicCreateError);
  await expect(attempt).rejects.toThrow(
    `Could not create topic "${topic}" (1 partition, replication factor 3): ` +
      'Replication-factor is invalid (the cluster has 1 broker)',
  );
  expect(await findMissingTopics(admin(), [topic])).toEqual([topic]);
});

async function retentionOf(topic: string): Promise<string | undefined> {
  const { resources } = await admin().describeConfigs({
    includeSynonyms: false,
    resources: [
      { type: 2 /* ConfigResourceTypes.TOPIC */, name: topic, configNames: ['retention.ms'] },
    ],
  });
  return resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
}

const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
