// What the Dapr leg needs of Kafka itself, through the demo workspace's kafkajs: the apps' topics,
// their consumer groups placed at the topics' ends, and record counts (to see what reached a .dlq).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const { createTopicsWithLeaders } = createRequire(import.meta.url)('../../tools/kafka/topics.cjs');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `call()` again while Kafka answers with a retriable error (a new topic's leader settling). */
async function retrying(call) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!error.retriable || attempt === 50) throw error;
      await sleep(200);
    }
  }
}

export async function demoKafkaAdmin(ws, brokers) {
  const { Kafka, logLevel } = createRequire(join(ws.root, 'package.json'))('kafkajs');
  const kafka = new Kafka({
    clientId: 'kafka-events-dapr-demo',
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();

  /** Topics (3 partitions) and their dead-letter topics (1), unless they exist; waits for leaders. */
  async function ensureTopics(topics) {
    const all = topics.flatMap((topic) => [
      { topic, numPartitions: 3 },
      { topic: `${topic}.dlq`, numPartitions: 1 },
    ]);
    await createTopicsWithLeaders(admin, all);
  }

  /**
   * Commits `groupId`'s offsets at the end of `topic`: the broker may already hold this topic's
   * events (the Kafka leg, an earlier run), and the app's Component starts a new group at the
   * oldest record. Explicit offsets, as kafkajs' resetOffsets would commit -1 (= none).
   */
  async function startGroupAtEnd(groupId, topic) {
    const ends = await retrying(() => admin.fetchTopicOffsets(topic));
    const partitions = ends.map(({ partition, high }) => ({ partition, offset: high }));
    await retrying(() => admin.setOffsets({ groupId, topic, partitions }));
  }

  /** Records written to `topic` so far (its partitions' end offsets added up). */
  async function recordCount(topic) {
    return (await retrying(() => admin.fetchTopicOffsets(topic))).reduce(
      (sum, p) => sum + Number(p.high),
      0,
    );
  }

  return { ensureTopics, startGroupAtEnd, recordCount, close: () => admin.disconnect() };
}
