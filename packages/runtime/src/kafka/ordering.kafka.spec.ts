/** Per-entity ordering: all events of one task land on one partition and are handled in order. */
import { randomUUID } from 'node:crypto';
import { createConsumer } from './consumer';
import { createProducer } from './producer';
import { tasks, USER_ID } from './__fixtures__/seed-domains';
import {
  connectedAdmin,
  collectingLogger,
  createTopics,
  FAST_CONSUMER,
  testKafka,
  uniqueName,
  waitFor,
} from './__fixtures__/kafka-harness';

const kafka = testKafka('ordering');
const admin = connectedAdmin(kafka);

it('keeps each entity in order across a 6-partition topic', async () => {
  const topic = uniqueName('ordering');
  await createTopics(admin(), [{ topic, partitions: 6 }]);
  const taskIds = Array.from({ length: 60 }, () => randomUUID());
  const steps = 15;
  // Interleaved like real traffic: step n of every task before step n+1 of any.
  const events = Array.from({ length: steps }, (_, step) =>
    taskIds.map((task_id) =>
      tasks.create('task.updated.v1', {
        task_id,
        user_id: USER_ID,
        title: `step ${step}`,
        updated_at: new Date().toISOString(),
      }),
    ),
  ).flat();

  const producer = createProducer(tasks, kafka, { topic });
  for (let i = 0; i < events.length; i += 100) await producer.publishMany(events.slice(i, i + 100));
  await producer.disconnect();

  const seen = new Map<string, { step: number; partition: number }[]>();
  let count = 0;
  const consumer = createConsumer(tasks, kafka, {
    groupId: uniqueName('ordering'),
    topic,
    consumerConfig: FAST_CONSUMER,
    partitionsConsumedConcurrently: 3,
    logger: collectingLogger().logger,
    handlers: {
      'task.updated.v1': async (event, ctx) => {
        const list = seen.get(event.payload.task_id) ?? [];
        list.push({ step: Number(event.payload.title!.split(' ')[1]), partition: ctx.partition });
        seen.set(event.payload.task_id, list);
        count++;
      },
    },
  });
  await consumer.start();
  try {
    await waitFor(() => count >= events.length, `${events.length} events (got ${count})`);
  } finally {
    await consumer.stop();
  }
  expect(count).toBe(events.length);
  const partitions = new Set<number>();
  for (const taskId of taskIds) {
    const list = seen.get(taskId)!;
    expect(list.map((s) => s.step)).toEqual(Array.from({ length: steps }, (_, i) => i));
    expect(new Set(list.map((s) => s.partition)).size).toBe(1);
    partitions.add(list[0]!.partition);
  }
  // The keys really spread over the partitions (otherwise ordering would prove nothing).
  expect(partitions.size).toBeGreaterThanOrEqual(5);
});
