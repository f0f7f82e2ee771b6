/**
 * Interop with the official Dapr JavaScript SDK (@dapr/dapr 3.4.1, the SDK release of Dapr 1.14)
 * through the real daprd (tools/dapr) and the real Kafka broker: events the SDK's DaprClient
 * publishes reach our typed delivery handler (subscribed through the manifests
 * `nx g kafka-events:dapr` writes), and events our publisher writes reach a subscriber made with
 * the SDK's DaprServer. The SDK is used as any app would use it, as an independent peer.
 */
import { CommunicationProtocolEnum, DaprClient, DaprServer, LogLevel } from '@dapr/dapr';
import { readTopic, uniqueName, waitFor } from '../kafka/__fixtures__/kafka-harness';
import { taskSamples, tasks, USER_ID } from '../kafka/__fixtures__/seed-domains';
import { toCloudEvent } from '../cloudevents/cloud-event';
import { decodeKafkaRecord } from '../cloudevents/kafka-record';
import type { DomainEventOf } from '../core/domain-types';
import { freePort } from './__fixtures__/free-port';
import { daprdScope, type Daprd } from './__fixtures__/daprd-harness';
import { kafkaComponent } from './__fixtures__/manifests';
import { createDaprHandler, type DaprDeliveryContext } from './handler';
import { daprdKafka } from './__fixtures__/daprd-kafka';
import { recordingLogger } from './__fixtures__/dapr-loggers';
import { CLOUDEVENTS_JSON, createDaprPublisher } from './publisher';

const PUBSUB = 'kafka-pubsub';
const OTHER_TASK_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const THIRD_TASK_ID = '0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b';
const { kafka, topics } = daprdKafka('dapr-interop');
const freshTopic = async () => (await topics(['task-events']))[0]!;
const scope = daprdScope();
// The SDK logs every step at info; only its errors are of interest here.
const sdkLogger = { level: LogLevel.Error };

type TaskEvent = DomainEventOf<typeof tasks>;
const created = (taskId: string, title: string) =>
  tasks.create(
    'task.created.v1',
    { ...taskSamples['task.created.v1'], task_id: taskId, title },
    { userId: USER_ID },
  );
/** The task's completion, in the same correlation as `cause`. */
const completionOf = (cause: TaskEvent) =>
  tasks.create('task.completed.v1', taskSamples['task.completed.v1'], {
    causedBy: cause,
    userId: USER_ID,
  });
const json = (text: string | null) => JSON.parse(text!) as Record<string, unknown>;

/** The SDK's options for an HTTP client of `daprd`. */
const sdkClientOptions = (daprd: Daprd) => ({
  daprHost: '127.0.0.1',
  daprPort: String(daprd.httpPort),
  communicationProtocol: CommunicationProtocolEnum.HTTP,
  logger: sdkLogger,
});

describe('@dapr/dapr DaprClient -> daprd -> our typed handler', () => {
  it('delivers SDK-published CloudEvents to the typed handler keyed by entity id; a plain JSON body is wrapped by Dapr, and dead-lettered unless it is one of our envelopes', async () => {
    const appId = uniqueName('task-worker');
    const topic = await freshTopic();
    const workspace = await scope.manifests({
      domains: [{ name: 'tasks', topic }],
      apps: [{ project: appId, domains: ['tasks'] }],
    });
    const received: { event: TaskEvent; context: DaprDeliveryContext }[] = [];
    const { logger, lines } = recordingLogger();
    const handler = createDaprHandler(tasks, {
      topic,
      logger,
      serveSubscriptions: false,
      handlers: {
        'task.created.v1': (event, context) => void received.push({ event, context }),
        'task.completed.v1': (event, context) => void received.push({ event, context }),
      },
    });
    const app = await scope.app(handler.nodeListener);
    const daprd = await scope.sidecar({
      appId,
      appPort: app.port,
      manifestDirs: workspace.manifestDirsOf(appId),
    });
    const client = new DaprClient(sdkClientOptions(daprd));
    scope.onCleanup(() => client.stop());

    const event = created(OTHER_TASK_ID, 'published with @dapr/dapr');
    const completed = completionOf(event);
    const envelope = created(THIRD_TASK_ID, 'an envelope as plain JSON');
    const asCloudEvent = { contentType: CLOUDEVENTS_JSON };

    // The SDK reports a failed publish as `{error}` instead of throwing: `{}` is success.
    expect(
      await client.pubsub.publish(PUBSUB, topic, toCloudEvent(tasks, event), {
        ...asCloudEvent,
        metadata: { partitionKey: event.payload.task_id },
      }),
    ).toEqual({});
    // A plain object: the SDK sends it as application/json and Dapr wraps it (com.dapr.event.sent).
    expect(
      await client.pubsub.publish(
        PUBSUB,
        topic,
        { hello: 'world' },
        { metadata: { partitionKey: 'plain-key' } },
      ),
    ).toEqual({});
    // Our envelope without a CloudEvent around it: wrapped by Dapr too.
    expect(
      await client.pubsub.publish(PUBSUB, topic, envelope, {
        metadata: { partitionKey: envelope.payload.task_id },
      }),
    ).toEqual({});
    // The SDK's bulk API with per-entry content type and partition key.
    const bulk = await client.pubsub.publishBulk(PUBSUB, topic, [
      {
        entryID: 'completed',
        event: toCloudEvent(tasks, completed),
        contentType: CLOUDEVENTS_JSON,
        metadata: { partitionKey: completed.payload.task_id },
      },
    ]);
    expect(bulk).toEqual({ failedMessages: [] });

    const records = await readTopic(kafka, topic, 4);
    // The Kafka record key is the partitionKey the SDK passed: the entity id.
    expect(records.map((r) => r.key)).toEqual([
      OTHER_TASK_ID,
      'plain-key',
      THIRD_TASK_ID,
      completed.payload.task_id,
    ]);
    // Dapr kept our CloudEvent (id, type, source) and added its own attributes.
    expect(json(records[0]!.value)).toMatchObject({
      id: event.event_id,
      type: 'task.created.v1',
      source: '/tasks',
      subject: OTHER_TASK_ID,
      topic,
      pubsubname: PUBSUB,
    });
    expect(decodeKafkaRecord(tasks, { value: records[0]!.value })).toEqual(event);
    expect(decodeKafkaRecord(tasks, { value: records[3]!.value })).toEqual(completed);
    expect(json(records[1]!.value)).toMatchObject({
      type: 'com.dapr.event.sent',
      datacontenttype: 'application/json',
      data: { hello: 'world' },
    });
    expect(json(records[2]!.value)).toMatchObject({
      type: 'com.dapr.event.sent',
      data: JSON.parse(JSON.stringify(envelope)),
    });
    expect(json(records[2]!.value)['id']).not.toBe(envelope.event_id);

    // Only the body that is none of our events goes to the DLQ, byte for byte, with its key.
    const dead = await readTopic(kafka, `${topic}.dlq`, 1, 1_000);
    expect(dead.map((r) => [r.key, r.value])).toEqual([['plain-key', records[1]!.value]]);
    await waitFor(() => received.length >= 3, 'three typed deliveries');

    const byId = new Map(received.map((r) => [r.event.event_id, r]));
    expect(received).toHaveLength(3);
    // The SDK's CloudEvent: the identical event, routed by its type to its own path.
    expect(byId.get(event.event_id)!.event).toEqual(event);
    expect(byId.get(event.event_id)!.context).toMatchObject({
      path: `/events/${topic}/task.created.v1`,
      kafka: { key: OTHER_TASK_ID, topic, partition: 0, offset: '0' },
      cloudEvent: {
        id: event.event_id,
        type: 'task.created.v1',
        source: '/tasks',
        pubsubname: PUBSUB,
        topic,
      },
    });
    expect(byId.get(completed.event_id)!.event).toEqual(completed);
    expect(byId.get(completed.event_id)!.context.path).toBe(`/events/${topic}/task.completed.v1`);
    // The envelope Dapr wrapped: no type rule matches com.dapr.event.sent, so it arrives on the
    // default route; our handler reads the envelope from data and still calls the typed handler.
    expect(byId.get(envelope.event_id)!.event).toEqual(envelope);
    expect(byId.get(envelope.event_id)!.context).toMatchObject({
      path: `/events/${topic}`,
      cloudEvent: { type: 'com.dapr.event.sent', datacontenttype: 'application/json' },
    });

    // The plain object reached the default route once and was answered DROP (not a domain event).
    const plain = app.deliveries().filter((d) => d.headers['__key'] === 'plain-key');
    expect(plain.map((d) => [d.path, d.status, JSON.parse(d.reply)])).toEqual([
      [`/events/${topic}`, 200, { status: 'DROP' }],
    ]);
    expect(lines.filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({
        message: `Dapr delivery DROP: undeliverable message on ${topic}`,
        details: expect.objectContaining({ key: 'plain-key', code: expect.any(String) }),
      }),
    ]);
  });
});

describe('our publisher -> daprd -> @dapr/dapr DaprServer', () => {
  it('an SDK subscriber receives the envelope of each event from publish and publishBulk as data, which decodes with our domain to the same event', async () => {
    const appId = uniqueName('sdk-subscriber');
    const topic = await freshTopic();
    const serverPort = await freePort();
    // daprd waits for the app port before it is ready, and the SDK server waits for daprd.
    const daprd = await scope.sidecar({
      appId,
      appPort: serverPort,
      manifests: [kafkaComponent({ consumerGroup: appId })],
      waitForReady: false,
    });
    const sdkPorts = {
      server: process.env['DAPR_SERVER_PORT'],
      client: process.env['DAPR_CLIENT_PORT'],
    };
    const server = new DaprServer({
      serverHost: '127.0.0.1',
      serverPort: String(serverPort),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      clientOptions: sdkClientOptions(daprd),
      logger: sdkLogger,
    });
    const received: { data: unknown; headers: Record<string, string> }[] = [];
    await server.pubsub.subscribeWithOptions(PUBSUB, topic, {
      deadLetterTopic: `${topic}.dlq`,
      callback: async (data: unknown, headers: object) =>
        void received.push({ data, headers: headers as Record<string, string> }),
    });
    scope.onCleanup(async () => {
      // Sidecar first, so it does not deliver to a stopped server.
      await daprd.stop();
      await server.stop();
      await server.client.stop();
      // The SDK's constructor writes these to process.env.
      for (const [name, value] of [
        ['DAPR_SERVER_PORT', sdkPorts.server],
        ['DAPR_CLIENT_PORT', sdkPorts.client],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    await server.start();
    await daprd.waitUntilReady(60_000);

    const publisher = createDaprPublisher(tasks, {
      host: '127.0.0.1',
      port: daprd.httpPort,
      topic,
      retry: { attempts: 2, backoffMs: 50 },
    });
    const single = created(OTHER_TASK_ID, 'published one by one');
    const completed = completionOf(single);
    const updated = tasks.create('task.updated.v1', {
      ...taskSamples['task.updated.v1'],
      task_id: THIRD_TASK_ID,
    });
    await publisher.publish(single);
    expect(await publisher.publishBulk([completed, updated])).toEqual({ failedEntries: [] });

    await waitFor(() => received.length >= 3, 'three deliveries to the SDK subscriber');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received).toHaveLength(3);
    const sent = [single, completed, updated];
    // One partition, delivered in publish order; data is exactly our envelope's JSON.
    expect(received.map((r) => r.data)).toEqual(sent.map((e) => JSON.parse(JSON.stringify(e))));
    expect(received.map((r) => tasks.validate(r.data))).toEqual(sent);
    // The Kafka record key (Dapr's __key header) is each event's entity id.
    expect(received.map((r) => r.headers['__key'])).toEqual([
      OTHER_TASK_ID,
      completed.payload.task_id,
      THIRD_TASK_ID,
    ]);
    expect(received.map((r) => r.headers['__topic'])).toEqual([topic, topic, topic]);
  });
});
