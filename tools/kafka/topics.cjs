'use strict';
/**
 * Creates topics and waits until every partition has a leader, for the plain-JS side (tools/kafka
 * specs, benchmarks, the demo's Dapr leg), which runs without the runtime; runtime specs use the
 * runtime's own ensureTopics. Not kafkajs' `waitForLeaders`: right after a create, a
 * KRaft broker may answer metadata with UNKNOWN_TOPIC_OR_PARTITION (metadata propagates
 * asynchronously) and kafkajs 2.2.4 treats that as fatal there (docs/kafka-compat.md).
 *
 * @param {import('kafkajs').Admin} admin a connected kafkajs admin
 * @param {{ topic: string, numPartitions?: number }[]} topics existing topics are left as they are
 * @returns {Promise<boolean>} what kafkajs' createTopics answered: false when all existed
 */
async function createTopicsWithLeaders(admin, topics, { timeoutMs = 30_000 } = {}) {
  const created = await admin.createTopics({
    waitForLeaders: false,
    topics: topics.map(({ topic, numPartitions = 1 }) => ({
      topic,
      numPartitions,
      replicationFactor: 1,
    })),
  });
  const names = topics.map(({ topic }) => topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metadata = await admin
      .fetchTopicMetadata({ topics: names })
      .catch(() => ({ topics: [] }));
    const led = metadata.topics.filter(
      (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
    );
    if (led.length === names.length) return created;
    if (Date.now() > deadline) {
      throw new Error(`topics ${names.join(', ')} got no partition leaders within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

module.exports = { createTopicsWithLeaders };
