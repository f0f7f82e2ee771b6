'use strict';
/**
 * kafkajs 2.2.4 against the real broker (the version pinned in pom.xml, or KAFKA_VERSION):
 * every Kafka API the runtime and generated libraries rely on. Evidence for docs/kafka-compat.md.
 */
const crypto = require('node:crypto');
const { CompressionTypes } = require('kafkajs');
const { kafkaClient, consumeUntil, uniqueName, waitFor } = require('./test-helpers.cjs');
const { createTopicsWithLeaders } = require('./topics.cjs');

describe('kafkajs 2.2.4 against the local broker', () => {
  let kafka;
  let admin;

  beforeAll(async () => {
    kafka = kafkaClient('compat');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  test('ApiVersions negotiation: describeCluster names the one broker', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(`${cluster.brokers[0].host}:${cluster.brokers[0].port}`).toBe(
      process.env.KAFKA_BROKERS.split(',')[0],
    );
    expect(cluster.controller).toBe(cluster.brokers[0].nodeId);
  });

  test('admin: createTopics with partitions, metadata, fetchTopicOffsets, deleteTopics', async () => {
    const topic = uniqueName('compat-admin');
    await expect(createTopicsWithLeaders(admin, [{ topic, numPartitions: 3 }])).resolves.toBe(true);
    // A second create of the same topic reports "already exists" as false, not an error.
    await expect(admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).resolves.toBe(
      false,
    );

    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { partition: 2, value: 'a' },
        { partition: 2, value: 'b' },
      ],
    });
    await producer.disconnect();

    const offsets = await admin.fetchTopicOffsets(topic);
    const byPartition = Object.fromEntries(offsets.map((o) => [o.partition, o]));
    expect(byPartition[2]).toMatchObject({ low: '0', high: '2', offset: '2' });
    expect(byPartition[0]).toMatchObject({ low: '0', high: '0' });

    const timestamps = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 60_000);
    expect(timestamps.find((o) => o.partition === 2).offset).toBe('0');

    await admin.deleteTopics({ topics: [topic] });
    await waitFor(
      async () => !(await admin.listTopics()).includes(topic),
      'topic to disappear after deleteTopics',
    );
  });

  test('consumer group: join, sync, heartbeat, commit, fetch committed offsets, resume', async () => {
    const topic = uniqueName('compat-group');
    const groupId = uniqueName('compat-group-g');
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 2 }]);

    const producer = kafka.producer();
    await producer.connect();
    const first = Array.from({ length: 10 }, (_, i) => ({
      key: `k${i % 4}`,
      value: `v${i}`,
      headers: { 'ce-id': `id-${i}` },
    }));
    await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: first });

    const consumer = kafka.consumer({
      groupId,
      heartbeatInterval: 300,
      sessionTimeout: 10_000,
      maxWaitTimeInMs: 500,
    });
    const heartbeats = [];
    const commits = [];
    consumer.on(consumer.events.HEARTBEAT, (e) => heartbeats.push(e));
    consumer.on(consumer.events.COMMIT_OFFSETS, (e) => commits.push(e));
    const joined = new Promise((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, (e) => resolve(e.payload)),
    );
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = await consumeUntil(consumer, (all) => all.length >= 10, { keepRunning: true });

    const join = await joined;
    expect(join.groupId).toBe(groupId);
    expect(join.memberAssignment[topic].sort()).toEqual([0, 1]);
    expect(got.map((m) => m.value).sort()).toEqual(first.map((m) => m.value).sort());
    expect(got.find((m) => m.value === 'v3').headers['ce-id'].toString()).toBe('id-3');
    expect(got.find((m) => m.value === 'v3').key).toBe('k3');

    // Stay in the group past several heartbeat intervals.
    await waitFor(() => heartbeats.length >= 3, 'three heartbeats');

    const groups = await admin.listGroups();
    expect(groups.groups).toContainEqual(
      expect.objectContaining({ groupId, protocolType: 'consumer' }),
    );
    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({
      groupId,
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'RoundRobinAssigner',
    });
    expect(described.groups[0].members).toHaveLength(1);

    await consumer.disconnect(); // commits what was consumed, then leaves the group
    expect(commits.length).toBeGreaterThan(0);

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = committed[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(total).toBe(10);

    // A new member of the group resumes after the committed offsets (OffsetFetch from the consumer).
    await producer.send({ topic, messages: [{ key: 'k0', value: 'after-commit' }] });
    await producer.disconnect();
    const again = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    await again.connect();
    await again.subscribe({ topic, fromBeginning: true });
    const resumed = await consumeUntil(again, (all) => all.length >= 1, { settleMs: 1000 });
    await again.disconnect();
    expect(resumed.map((m) => m.value)).toEqual(['after-commit']);

    await admin.deleteGroups([groupId]);
    await admin.deleteTopics({ topics: [topic] });
  });

  test('manual commitOffsets and admin setOffsets / resetOffsets', async () => {
    const topic = uniqueName('compat-commit');
    const groupId = uniqueName('compat-commit-g');
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 5 }, (_, i) => ({ value: `m${i}` })),
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumeUntil(consumer, (all) => all.length >= 5, {
      autoCommit: false,
      keepRunning: true,
    });
    await consumer.commitOffsets([{ topic, partition: 0, offset: '3' }]);
    expect((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset).toBe(
      '3',
    );
    await consumer.disconnect();

    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
    expect((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset).toBe(
      '1',
    );
    // kafkajs commits the sentinel -2 for "earliest". Its consumer treats every negative
    // committed offset as "none" and falls back to its own fromBeginning (a kafkajs quirk, same
    // on Kafka 3.9; see docs/kafka-compat.md): with fromBeginning: true it replays from 0,
    // where the offset 1 committed before the reset would have skipped m0.
    await admin.resetOffsets({ groupId, topic, earliest: true });
    expect((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset).toBe(
      '-2',
    );
    const rejoined = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    await rejoined.connect();
    await rejoined.subscribe({ topic, fromBeginning: true });
    const replayed = await consumeUntil(rejoined, (all) => all.length >= 5, { settleMs: 500 });
    await rejoined.disconnect();
    expect(replayed.map((m) => m.value)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);

    await admin.deleteTopics({ topics: [topic] });
  });

  test('idempotent producer (idempotent: true, maxInFlightRequests: 1)', async () => {
    const topic = uniqueName('compat-idem');
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 1 }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let batch = 0; batch < 5; batch++) {
      const result = await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 20 }, (_, i) => ({ key: 'same', value: `b${batch}-${i}` })),
      });
      expect(result[0]).toMatchObject({ topicName: topic, partition: 0, errorCode: 0 });
      expect(result[0].baseOffset).toBe(String(batch * 20));
    }
    await producer.disconnect();
    const [offsets] = await admin.fetchTopicOffsets(topic);
    expect(offsets.high).toBe('100');

    const consumer = kafka.consumer({ groupId: uniqueName('compat-idem-g'), maxWaitTimeInMs: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = await consumeUntil(consumer, (all) => all.length >= 100, { settleMs: 500 });
    await consumer.disconnect();
    expect(got.map((m) => m.value)).toEqual(
      Array.from({ length: 100 }, (_, n) => `b${Math.floor(n / 20)}-${n % 20}`),
    );
    await admin.deleteTopics({ topics: [topic] });
  });

  test('transactions: send + commit, send + abort, sendOffsets (read_committed consumers)', async () => {
    const input = uniqueName('compat-tx-in');
    const output = uniqueName('compat-tx-out');
    const inputGroup = uniqueName('compat-tx-g');
    await createTopicsWithLeaders(admin, [{ topic: input }, { topic: output }]);

    const producer = kafka.producer({
      transactionalId: uniqueName('compat-tx'),
      maxInFlightRequests: 1,
      idempotent: true,
    });
    await producer.connect();

    const committedTx = await producer.transaction();
    await committedTx.send({
      topic: output,
      messages: [{ value: 'committed-1' }, { value: 'committed-2' }],
    });
    await committedTx.commit();

    const abortedTx = await producer.transaction();
    await abortedTx.send({ topic: output, messages: [{ value: 'aborted' }] });
    await abortedTx.abort();

    // Consume-transform-produce: the output and the input group's offset commit atomically.
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: input, messages: [{ value: 'in-0' }, { value: 'in-1' }] });
    await plain.disconnect();

    const txWithOffsets = await producer.transaction();
    await txWithOffsets.send({
      topic: output,
      messages: [{ value: 'transformed-in-0' }, { value: 'transformed-in-1' }],
    });
    await txWithOffsets.sendOffsets({
      consumerGroupId: inputGroup,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '2' }] }],
    });
    await txWithOffsets.commit();
    await producer.disconnect();

    // The coordinator applies transactional offsets when the commit marker reaches it, a moment
    // after commit() returns: poll instead of reading once.
    let committed;
    await waitFor(
      async () => {
        const offsets = await admin.fetchOffsets({ groupId: inputGroup, topics: [input] });
        committed = offsets[0].partitions[0].offset;
        return committed === '2';
      },
      () => `the transactional offset commit to become visible (last read ${committed})`,
      10_000,
    );
    expect(committed).toBe('2');

    const consumer = kafka.consumer({
      groupId: uniqueName('compat-tx-read'),
      readUncommitted: false,
      maxWaitTimeInMs: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: output, fromBeginning: true });
    const got = await consumeUntil(consumer, (all) => all.length >= 4, { settleMs: 1000 });
    await consumer.disconnect();
    expect(got.map((m) => m.value)).toEqual([
      'committed-1',
      'committed-2',
      'transformed-in-0',
      'transformed-in-1',
    ]);

    await admin.deleteTopics({ topics: [input, output] });
  });

  test('auto-created topic on first produce (auto.create.topics.enable)', async () => {
    const topic = uniqueName('compat-auto');
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic, messages: [{ value: crypto.randomUUID() }] });
    await producer.disconnect();
    expect(await admin.listTopics()).toContain(topic);
    await admin.deleteTopics({ topics: [topic] });
  });
});
