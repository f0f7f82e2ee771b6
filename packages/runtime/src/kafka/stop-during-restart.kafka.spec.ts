/**
 * A stop while the consumer restarts after a crash: stop() must not resolve while that restart can
 * still join the group, or a member nobody stops holds partitions (and fetches) after the stop.
 */
import { createConsumer } from './consumer';
import { createProducer } from './producer';
import { taskSamples, tasks } from './__fixtures__/seed-domains';
import {
  connectedAdmin,
  collectingLogger,
  createTopics,
  FAST_CONSUMER,
  testKafka,
  uniqueName,
  unpluggableKafka,
  waitFor,
} from './__fixtures__/kafka-harness';

const kafka = testKafka('stop-during-restart');
const admin = connectedAdmin(kafka);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('a stop while the consumer reconnects after a crash waits for it and leaves the group', async () => {
  const topic = uniqueName('stop-restart');
  const groupId = uniqueName('stop-restart');
  await createTopics(admin(), [{ topic, partitions: 1 }]);
  const producer = createProducer(tasks, kafka, { topic });
  await producer.publish(
    tasks.create('task.created.v1', {
      ...taskSamples['task.created.v1'],
      task_id: crypto.randomUUID(),
    }),
  );
  await producer.disconnect();

  // Connects of the restart hang until replug(): long enough to stop the consumer in between.
  const network = unpluggableKafka('runtime-stop-during-restart', { connectionTimeout: 30_000 });
  let handled = 0;
  const consumer = createConsumer(tasks, network.client, {
    groupId,
    topic,
    // No retries: the fetch failing on the cut network crashes the consumer at once.
    consumerConfig: { ...FAST_CONSUMER, retry: { initialRetryTime: 100, retries: 0 } },
    logger: collectingLogger().logger,
    handlers: { 'task.created.v1': () => void handled++ },
  });
  let stopped: Promise<void> | undefined;
  try {
    await consumer.start();
    await waitFor(() => handled === 1, 'the record handled');
    let crashes = 0;
    // After the crash (kafkajs has disconnected by then), the restart's connects hang.
    consumer.consumer!.on(consumer.consumer!.events.CRASH, () => {
      crashes++;
      network.unplug('hang');
    });
    network.unplug('fail');
    await waitFor(() => crashes > 0 && network.heldConnects() > 0, 'the restart connecting');

    stopped = consumer.stop();
    await sleep(300);
    network.replug(); // the restart's connect goes through now and it joins the group
    await stopped;
  } finally {
    network.replug();
    await (stopped ?? consumer.stop());
  }
  const opened = network.socketsOpened();
  // Time for a runner left behind to join the group (the broker rebalances an empty group at once).
  await sleep(2000);
  const { groups } = await admin().describeGroups([groupId]);
  expect(groups[0]!.members).toEqual([]);
  expect(network.openSockets()).toBe(0);
  expect(network.socketsOpened()).toBe(opened);
});
