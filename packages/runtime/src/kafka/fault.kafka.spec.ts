/**
 * The broker SIGKILLed and restarted in the middle of a stream: afterwards every event was handled
 * at least once, and with deduplication on, exactly once. Needs the broker started by the jest
 * global setup (skipped only when KAFKA_BROKERS names an external cluster, which cannot be killed).
 */
import { randomUUID } from 'node:crypto';
import { createConsumer, type DomainConsumer } from './consumer';
import { createProducer } from './producer';
import { PublishError } from './errors';
import { taskSamples, tasks } from './__fixtures__/seed-domains';
import {
  brokerControl,
  collectingLogger,
  createTopics,
  FAST_CONSUMER,
  testKafka,
  uniqueName,
  waitFor,
} from './__fixtures__/kafka-harness';

const control = brokerControl();
const kafka = testKafka('fault');
const TOTAL = 3000;
const BATCH = 100;

(control ? it : it.skip)(
  'survives a broker SIGKILL mid-stream: at least once, exactly once with dedupe',
  async () => {
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('fault');
    await createTopics(admin, [{ topic, partitions: 6 }]);
    await admin.disconnect();

    const events = Array.from({ length: TOTAL }, (_, i) =>
      tasks.create('task.created.v1', {
        ...taskSamples['task.created.v1'],
        task_id: randomUUID(),
        title: `e${i}`,
      }),
    );
    const effects = { plain: new Map<string, number>(), dedupe: new Map<string, number>() };
    const consumers: DomainConsumer<typeof tasks>[] = (['plain', 'dedupe'] as const).map((name) =>
      createConsumer(tasks, kafka, {
        groupId: uniqueName(`fault-${name}`),
        topic,
        dedupe: name === 'dedupe',
        consumerConfig: {
          ...FAST_CONSUMER,
          retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 30 },
        },
        logger: collectingLogger().logger,
        deadLetterProducerConfig: {
          retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 30 },
        },
        handlers: {
          // A little I/O-like latency keeps handled-but-uncommitted records in flight when the broker dies.
          'task.created.v1': async (event) => {
            await new Promise((resolve) => setTimeout(resolve, 0));
            effects[name].set(event.event_id, (effects[name].get(event.event_id) ?? 0) + 1);
          },
        },
      }),
    );
    await Promise.all(consumers.map((c) => c.start()));

    // An at-least-once publisher: a batch that fails is sent again (same events, same ids).
    const producer = createProducer(tasks, kafka, {
      topic,
      producerConfig: { retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 30 } },
    });
    let published = 0;
    let republished = 0;
    const publishing = (async () => {
      for (let i = 0; i < TOTAL; i += BATCH) {
        for (;;) {
          try {
            await producer.publishMany(events.slice(i, i + BATCH));
            break;
          } catch (error) {
            if (!(error instanceof PublishError)) throw error;
            republished++;
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
        published = i + BATCH;
        await new Promise((resolve) => setTimeout(resolve, 10)); // a stream, not one burst
      }
    })();

    await waitFor(
      () => published >= TOTAL / 3 && effects.dedupe.size > 0 && effects.plain.size > 0,
      'a third of the stream',
    );
    const beforeKill = { published, plain: effects.plain.size, dedupe: effects.dedupe.size };
    await control!.kill();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await control!.restart();

    await publishing;
    await waitFor(
      () => effects.plain.size === TOTAL && effects.dedupe.size === TOTAL,
      `every event in both groups (plain ${effects.plain.size}, dedupe ${effects.dedupe.size})`,
      90_000,
    );
    // Let late redeliveries arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await Promise.all(consumers.map((c) => c.stop()));
    await producer.disconnect();

    expect(beforeKill.published).toBeLessThan(TOTAL); // the kill really hit mid-stream
    const ids = events.map((e) => e.event_id);
    expect(ids.every((id) => (effects.plain.get(id) ?? 0) >= 1)).toBe(true);
    expect(ids.every((id) => effects.dedupe.get(id) === 1)).toBe(true);
    const plainDuplicates = [...effects.plain.values()].reduce((sum, n) => sum + n - 1, 0);
    const stats = consumers.map((c) => c.stats());
    // How much redelivery the crash caused (shown when the test runs with --verbose).
    process.stderr.write(
      `fault: killed at ${beforeKill.published} published; republished batches ${republished}; ` +
        `plain duplicates ${plainDuplicates}; dedupe skipped ${stats[1]!.duplicates}\n`,
    );
    expect(stats[1]!.handled).toBe(TOTAL);
    expect(stats.every((s) => s.deadLettered === 0)).toBe(true);
  },
  180_000,
);
