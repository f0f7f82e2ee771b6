/** Producer guarantees on the broker: validation before send, transactions, idempotent defaults. */
import { EventValidationError } from '../core/errors';
import { createConsumer } from './consumer';
import { createProducer } from './producer';
import { ProducerConfigError } from './errors';
import { taskSamples, tasks } from './__fixtures__/seed-domains';
import {
  connectedAdmin,
  collectingLogger,
  createTopics,
  FAST_CONSUMER,
  readTopic,
  testKafka,
  topicEnds,
  uniqueName,
  waitFor,
} from './__fixtures__/kafka-harness';

const kafka = testKafka('producer');
const admin = connectedAdmin(kafka);

const created = (title: string) =>
  tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], title });

it('validates every event before sending any: one bad event in a batch sends nothing', async () => {
  const topic = uniqueName('validate');
  await createTopics(admin(), [{ topic }]);
  const producer = createProducer(tasks, kafka, { topic });
  // A cast gets an invalid event past the compiler, as untyped JavaScript would.
  const invalid = { ...created('x'), payload: { ...created('x').payload, title: '' } };
  await expect(producer.publishMany([created('ok'), invalid as never])).rejects.toThrow(
    EventValidationError,
  );
  await expect(producer.publish(invalid as never)).rejects.toThrow(/payload\.title/);
  expect(await topicEnds(admin(), topic)).toEqual(new Map([[0, 0]]));

  // validate: false trusts the caller: the record is written and the consumer dead-letters it.
  const trusting = createProducer(tasks, kafka, { topic, validate: false });
  await trusting.publish(invalid as never);
  await Promise.all([producer.disconnect(), trusting.disconnect()]);
  expect(await topicEnds(admin(), topic)).toEqual(new Map([[0, 1]]));
  const consumer = createConsumer(tasks, kafka, {
    groupId: uniqueName('validate'),
    topic,
    consumerConfig: FAST_CONSUMER,
    logger: collectingLogger().logger,
    handlers: { 'task.created.v1': () => undefined },
  });
  await consumer.start();
  await waitFor(() => consumer.stats().deadLettered === 1, 'the invalid record in the DLQ');
  await consumer.stop();
});

it('commits and aborts transactions (read_committed readers see only committed events)', async () => {
  const topic = uniqueName('tx');
  await createTopics(admin(), [{ topic }]);
  const producer = createProducer(tasks, kafka, { topic, transactionalId: uniqueName('tx-id') });
  await producer.transaction(async (tx) => {
    await tx.publish(created('committed 1'));
    await tx.publishMany([created('committed 2')]);
  });
  await expect(
    producer.transaction(async (tx) => {
      await tx.publish(created('aborted'));
      throw new Error('business rule failed');
    }),
  ).rejects.toThrow('business rule failed');
  await producer.publish(created('committed 3')); // its own transaction
  await producer.disconnect();

  const records = await readTopic(kafka, topic, 3, 500);
  expect(records.map((r) => JSON.parse(r.value!).payload.title)).toEqual([
    'committed 1',
    'committed 2',
    'committed 3',
  ]);
});

it('refuses settings that break its guarantees', () => {
  expect(() => createProducer(tasks, kafka, { acks: 1 })).toThrow(ProducerConfigError);
  expect(() => createProducer(tasks, kafka, { transactionalId: 'x', idempotent: false })).toThrow(
    'transactions require idempotent: true',
  );
  expect(() => createProducer(tasks, kafka, { mode: 'xml' as never })).toThrow(
    'mode must be "binary" or "structured"',
  );
  return expect(createProducer(tasks, kafka).transaction(async () => undefined)).rejects.toThrow(
    'has no transactionalId',
  );
});
