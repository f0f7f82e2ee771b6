/**
 * Offsets are committed on an interval, not per batch: a crash between two commits redelivers the
 * finished-but-uncommitted records (nothing is lost), a consumer that restarts itself after a
 * crash does not repeat them, and a rebalance commits them first so the partition's next owner
 * does not repeat them.
 */
import type { Kafka } from 'kafkajs';
import { createConsumer, type DomainConsumer } from './consumer';
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
  unpluggableKafka,
  waitFor,
  withConsumerLog,
} from './__fixtures__/kafka-harness';

const kafka = testKafka('commit-interval');
const admin = connectedAdmin(kafka);

/** Longer than any spec: no commit can come from the interval, only from stop or a rebalance. */
const NEVER_DUE_MS = 10 * 60_000;

function consumerFor(
  client: Kafka,
  topic: string,
  groupId: string,
  seen: string[],
  sessionTimeout = 10_000,
  logger = collectingLogger().logger,
) {
  return createConsumer(tasks, client, {
    groupId,
    topic,
    commitIntervalMs: NEVER_DUE_MS,
    consumerConfig: { ...FAST_CONSUMER, sessionTimeout, rebalanceTimeout: 10_000 },
    logger,
    handlers: { 'task.created.v1': (event) => void seen.push(event.event_id) },
  });
}

it('a crash between commits loses nothing: the finished but uncommitted records are redelivered', async () => {
  const topic = uniqueName('crash');
  const groupId = uniqueName('crash');
  await createTopics(admin(), [{ topic, partitions: 2 }]);
  const ids = await publishTaskEvents(kafka, topic, 60);

  // Cut as a dead process looks from its own side: no commit, LeaveGroup or heartbeat gets out.
  const network = unpluggableKafka('runtime-commit-interval-crash');
  const firstSeen: string[] = [];
  const crashingLog = collectingLogger();
  // The broker's minimum session timeout, so the dead member is evicted quickly.
  const crashing = consumerFor(network.client, topic, groupId, firstSeen, 6000, crashingLog.logger);
  const secondSeen: string[] = [];
  let second: DomainConsumer<typeof tasks> | undefined;
  let later: string[] = [];
  try {
    await crashing.start();
    await waitFor(() => firstSeen.length === ids.length, 'all records handled by the first member');
    // All handled, none committed: the interval has not passed and nothing stopped or rebalanced.
    expect(await committedOffsets(admin(), groupId, topic)).toEqual(
      new Map([
        [0, -1],
        [1, -1],
      ]),
    );

    network.unplug();
    // Records the dead member never saw: the second one commits past them, so a late commit of
    // the dead member's (older) offsets would show as offsets going back.
    later = await publishTaskEvents(kafka, topic, 10);
    second = consumerFor(kafka, topic, groupId, secondSeen);
    await second.start();
    // Once the dead member's session expired, the second one gets both partitions and reads
    // everything again from the last commit (none).
    await waitFor(
      () => new Set(secondSeen).size === ids.length + later.length,
      'every record redelivered',
      60_000,
    );
    await second.stop();
    expect(new Set(secondSeen)).toEqual(new Set([...ids, ...later]));
    expect(await committedOffsets(admin(), groupId, topic)).toEqual(
      await topicEnds(admin(), topic),
    );
  } finally {
    await second?.stop();
    network.replug();
    await crashing.stop(); // its generation is gone, and so are its commit functions
  }
  // The evicted member's late stop changed nothing, it read nothing again, and left nothing running.
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(await topicEnds(admin(), topic));
  expect(firstSeen).toHaveLength(ids.length);
  // Cut off, it crashed (and kept restarting); a crashed run's commit functions are dropped, so
  // its stop had nothing to commit through: no commit of its old offsets was even attempted.
  const logged = crashingLog.lines.map((l) => l.message);
  expect(logged.some((m) => /crashed \(the consumer restarts it\).*network cut/.test(m))).toBe(
    true,
  );
  expect(logged.filter((m) => m.startsWith('committing offsets'))).toEqual([]);
  expect(network.openSockets()).toBe(0);
});

it('a crash the consumer restarts from does not repeat what it finished: the new run starts after it', async () => {
  // The CI flake where every good record of dead-letter.kafka.spec.ts was handled twice: the
  // consumer restarts a crashed kafkajs run, the new run joins from the broker's committed
  // offsets, and the finished-but-uncommitted records must be skipped in that run, not only in
  // the crashed one.
  const topic = uniqueName('restart-after-crash');
  const groupId = uniqueName('restart-after-crash');
  await createTopics(admin(), [{ topic, partitions: 2 }]);
  const ids = await publishTaskEvents(kafka, topic, 30);
  const network = unpluggableKafka('runtime-commit-interval-restart');
  const seen: string[] = [];
  const { logger, lines } = collectingLogger();
  const consumer = consumerFor(network.client, topic, groupId, seen, 6000, logger);
  const crashes = () =>
    lines.filter((l) => /crashed \(the consumer restarts it\).*network cut/.test(l.message)).length;
  try {
    await consumer.start();
    await waitFor(() => seen.length === ids.length, 'all records handled');
    expect(await committedOffsets(admin(), groupId, topic)).toEqual(
      new Map([
        [0, -1],
        [1, -1],
      ]),
    );
    network.unplug();
    await waitFor(() => crashes() > 0, 'the crash');
    network.replug();
    // The restarted run joins (once the broker let the crashed member's session go) and fetches.
    const later = await publishTaskEvents(kafka, topic, 4);
    await waitFor(
      () => later.every((id) => seen.includes(id)),
      'records published after the crash',
      60_000,
    );
    // Each record handled once: none of the 30 again after the restart.
    withConsumerLog(lines, () => {
      expect(new Set(seen)).toEqual(new Set([...ids, ...later]));
      expect(seen).toHaveLength(ids.length + later.length);
    });
  } finally {
    await consumer.stop();
    network.replug();
  }
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(await topicEnds(admin(), topic));
});

it('commits before a rebalance, so the next owner of a partition does not repeat its records', async () => {
  const topic = uniqueName('rebalance');
  const groupId = uniqueName('rebalance');
  await createTopics(admin(), [{ topic, partitions: 2 }]);
  const before = await publishTaskEvents(kafka, topic, 40);

  const seen: string[] = [];
  const first = consumerFor(kafka, topic, groupId, seen);
  const second = consumerFor(kafka, topic, groupId, seen);
  try {
    await first.start();
    await waitFor(() => seen.length === before.length, 'all records handled by the first member');
    expect(await committedOffsets(admin(), groupId, topic)).toEqual(
      new Map([
        [0, -1],
        [1, -1],
      ]),
    );

    // The second member joining makes the first one rebalance: it commits what it finished.
    await second.start();
    await waitFor(async () => {
      const { groups } = await admin().describeGroups([groupId]);
      return groups[0]!.state === 'Stable' && groups[0]!.members.length === 2;
    }, 'both members in the group');
    expect(await committedOffsets(admin(), groupId, topic)).toEqual(
      await topicEnds(admin(), topic),
    );

    // New records on both partitions: once all are handled, each member has read its partition
    // past the old records, so a redelivery of any of them would have shown up by now.
    const after = await publishTaskEvents(kafka, topic, 20);
    await waitFor(
      () => after.every((id) => seen.includes(id)),
      'the records published after the rebalance',
    );
    expect(seen.slice(0, before.length).sort()).toEqual([...before].sort());
    expect(seen.filter((id) => before.includes(id))).toHaveLength(before.length); // none twice
    expect(first.stats().handled + second.stats().handled).toBe(seen.length);
    expect(second.stats().handled).toBeGreaterThan(0); // it really owned a partition
  } finally {
    await second.stop();
    await first.stop();
  }
  expect(await committedOffsets(admin(), groupId, topic)).toEqual(await topicEnds(admin(), topic));
});
