/**
 * The Dapr pub/sub contract end to end on the real broker, through the stand-in sidecar
 * (tools/dapr-sidecar: daprd itself cannot be installed here). Each spec uses its own topics and
 * consumer groups, so they do not see each other's records.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CloudEvent } from 'cloudevents';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { v5 as uuidv5 } from 'uuid';
import {
  brokers,
  committedOffsets,
  createTopics,
  readTopic,
  testKafka,
  topicEnds,
  uniqueName,
  type RawRecord,
} from '../kafka/__fixtures__/kafka-harness';
import { notifications, recurring, taskSamples, tasks, USER_ID } from '../kafka/__fixtures__/seed-domains';
import { decodeKafkaRecord } from '../cloudevents/kafka-record';
import { toCloudEvent } from '../cloudevents/cloud-event';
import type { DomainEventOf } from '../core/domain-types';
import { createDaprPublisher } from './publisher';
import { combineDaprHandlers, createDaprHandler, type DaprHandler, type DaprLogger } from './handler';
import { DaprPublishError } from './errors';

type SidecarModule = typeof import('../../../../tools/dapr-sidecar/sidecar.cjs');
type Sidecar = Awaited<ReturnType<SidecarModule['startSidecar']>>;
type SidecarOptions = Parameters<SidecarModule['startSidecar']>[0];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSidecar } = require(path.resolve(__dirname, '../../../../tools/dapr-sidecar/sidecar.cjs')) as SidecarModule;

const OTHER_TASK_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const FAST_RETRY = { maxAttempts: 3, backoffMs: 20 };

let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  kafka = testKafka('dapr');
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
});

afterEach(async () => {
  // Sidecars first (they call the apps), then the apps.
  while (cleanups.length > 0) await cleanups.pop()!();
});

afterAll(async () => {
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

/** Topics of one spec: each with its dead-letter topic. */
async function topicsFor(...prefixes: string[]): Promise<string[]> {
  const topics = prefixes.map((prefix) => uniqueName(prefix));
  await createTopics(admin, topics.flatMap((topic) => [{ topic }, { topic: `${topic}.dlq` }]));
  return topics;
}

async function serve(listener: http.RequestListener): Promise<string> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function sidecar(options: Omit<SidecarOptions, 'brokers'>): Promise<Sidecar> {
  const started = await startSidecar({ retry: FAST_RETRY, ...options, brokers: brokers() });
  cleanups.push(() => started.stop());
  return started;
}

function recordingLogger() {
  const lines: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, details?: Record<string, unknown>) => void lines.push({ level, message, details });
  const logger: DaprLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

const publisherVia = <D extends Parameters<typeof createDaprPublisher>[0]>(domain: D, car: Sidecar, topic: string) =>
  createDaprPublisher(domain, { host: '127.0.0.1', port: car.port, topic, retry: { attempts: 2, backoffMs: 20 } });

const json = (record: RawRecord) => JSON.parse(record.value!) as Record<string, unknown>;

/** The strict check of the cloudevents SDK: throws on any spec violation. */
function assertStrictCloudEvent(value: Record<string, unknown>): void {
  expect(new CloudEvent({ ...value }, true).validate()).toBe(true);
}

async function expectAllCommitted(groupId: string, topic: string): Promise<void> {
  const [ends, committed] = await Promise.all([topicEnds(admin, topic), committedOffsets(admin, groupId, topic)]);
  expect(committed).toEqual(ends);
}

describe('publishing through the sidecar', () => {
  it('writes the CloudEvent to Kafka keyed by the entity id; bulk reports the entry that failed', async () => {
    const [topic] = await topicsFor('task-events');
    // A small maxMessageBytes makes one bulk entry fail inside Dapr's Kafka component.
    const car = await sidecar({ appId: 'task-service', components: [{ name: 'kafka-pubsub', metadata: { maxMessageBytes: '3000' } }] });
    const publisher = publisherVia(tasks, car, topic!);

    const created = tasks.create('task.created.v1', taskSamples['task.created.v1'], { userId: USER_ID });
    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1'], { causedBy: created, userId: USER_ID });
    const updated = tasks.create('task.updated.v1', { ...taskSamples['task.updated.v1'], task_id: OTHER_TASK_ID });
    const huge = tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], task_id: OTHER_TASK_ID, description: 'x'.repeat(2000), tags: Array.from({ length: 20 }, () => 'y'.repeat(50)) });

    await publisher.publish(created);
    const bulk = await publisher.publishBulk([completed, huge, updated]);
    expect(bulk.failedEntries).toEqual([{ entryId: '1', event: huge, error: expect.stringContaining('maxMessageBytes') }]);

    // A body that is not a CloudEvent is wrapped by Dapr.
    const plain = await fetch(`${car.url}/v1.0/publish/kafka-pubsub/${topic}?metadata.partitionKey=plain-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(plain.status).toBe(204);

    const records = await readTopic(kafka, topic!, 4);
    expect(records.map((r) => r.key)).toEqual([created.payload.task_id, completed.payload.task_id, OTHER_TASK_ID, 'plain-key']);
    // Dapr writes the CloudEvent JSON as the value and no content-type header.
    expect(records.every((r) => !('content-type' in r.headers))).toBe(true);
    const [first, second, third] = records.slice(0, 3).map((r) => decodeKafkaRecord(tasks, { value: r.value, headers: r.message.headers }));
    expect([first, second, third]).toEqual([created, completed, updated]);
    const value = json(records[1]!);
    expect(value).toMatchObject({
      specversion: '1.0',
      id: completed.event_id,
      type: 'task.completed.v1',
      source: '/tasks',
      time: completed.timestamp,
      subject: completed.payload.task_id,
      correlationid: created.event_id,
      causationid: created.event_id,
      topic,
      pubsubname: 'kafka-pubsub',
    });
    for (const record of records) assertStrictCloudEvent(json(record));
    expect(json(records[3]!)).toMatchObject({ type: 'com.dapr.event.sent', datacontenttype: 'application/json', data: { hello: 'world' } });
  });

  it('turns Dapr error replies into DaprPublishError without retrying 4xx', async () => {
    const car = await sidecar({ appId: 'task-service', components: [{ name: 'kafka-pubsub', metadata: { allowedTopics: 'task-events' } }] });
    const event = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    const missing = createDaprPublisher(tasks, { host: '127.0.0.1', port: car.port, pubsubName: 'nope' });
    await expect(missing.publish(event)).rejects.toMatchObject({ name: 'DaprPublishError', errorCode: 'ERR_PUBSUB_NOT_FOUND', status: 404, attempts: 1 });
    const forbidden = createDaprPublisher(tasks, { host: '127.0.0.1', port: car.port, topic: 'other-topic' });
    const error = await forbidden.publishBulk([event]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaprPublishError);
    expect(error).toMatchObject({ errorCode: 'ERR_PUBSUB_FORBIDDEN', status: 403, attempts: 1 });
  });
});

describe('subscriptions and delivery outcomes', () => {
  it('routes by the CEL rules of a declarative Subscription and applies SUCCESS/RETRY/DROP/404/500', async () => {
    const [topic] = await topicsFor('task-events');
    const seen: { key: string; path: string; headers: http.IncomingHttpHeaders }[] = [];
    const attempts = new Map<string, number>();
    // The app's answer depends on the record key.
    const appUrl = await serve((req, res) => {
      const key = String(req.headers['__key']);
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      seen.push({ key, path: req.url!, headers: req.headers });
      req.resume();
      const reply = (status: number, body?: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body ? JSON.stringify(body) : '');
      };
      if (key === 'ok') reply(200, { status: 'SUCCESS' });
      else if (key === 'empty') reply(200);
      else if (key === 'retry-once') reply(200, { status: attempts.get(key) === 1 ? 'RETRY' : 'SUCCESS' });
      else if (key === 'drop') reply(200, { status: 'DROP' });
      else if (key === 'gone') reply(404);
      else if (key === 'fail') reply(500);
      else reply(200, { status: 'MAYBE' });
    });
    const manifest = `
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: outcomes
spec:
  pubsubname: kafka-pubsub
  topic: ${topic}
  routes:
    rules:
      - match: event.type == "task.created.v1" && event.data.payload.priority == "high"
        path: /urgent
      - match: event.type.startsWith("task.") && (event.type != "task.deleted.v1")
        path: /tasks
    default: /other
  deadLetterTopic: ${topic}.dlq
scopes:
  - outcome-app
---
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: someone-else
spec:
  pubsubname: kafka-pubsub
  topic: ${topic}
  route: /not-for-us
scopes:
  - another-app
`;
    const group = uniqueName('outcome-app');
    const car = await sidecar({
      appId: 'outcome-app',
      appUrl,
      programmatic: false,
      manifests: [manifest],
      components: [{ name: 'kafka-pubsub', metadata: { consumerGroup: group, initialOffset: 'oldest' } }],
    });
    const high = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    const low = tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], priority: 'low' });
    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1']);
    const deleted = tasks.create('task.deleted.v1', taskSamples['task.deleted.v1']);
    const sends: [string, DomainEventOf<typeof tasks>][] = [
      ['ok', high],
      ['empty', deleted],
      ['retry-once', completed],
      ['drop', low],
      ['gone', low],
      ['fail', completed],
      ['odd', completed],
    ];
    await producer.send({
      topic: topic!,
      messages: sends.map(([key, event]) => ({ key, value: JSON.stringify(toCloudEvent(tasks, event)) })),
    });
    const outcomes = await car.waitForOutcomes((o) => o.length === sends.length);
    const byKey = Object.fromEntries(outcomes.map((o) => [o.key, o]));
    expect(byKey['ok']).toMatchObject({ status: 'SUCCESS', path: '/urgent', attempts: 1, deadLettered: false });
    expect(byKey['empty']).toMatchObject({ status: 'SUCCESS', path: '/other', attempts: 1, deadLettered: false });
    expect(byKey['retry-once']).toMatchObject({ status: 'SUCCESS', path: '/tasks', attempts: 2, deadLettered: false });
    expect(byKey['drop']).toMatchObject({ status: 'DROP', path: '/tasks', attempts: 1, deadLettered: true });
    expect(byKey['gone']).toMatchObject({ status: 'NOT_FOUND', attempts: 1, deadLettered: false });
    expect(byKey['fail']).toMatchObject({ status: 'RETRY_EXHAUSTED', attempts: 3, httpStatus: 500, deadLettered: true });
    expect(byKey['odd']).toMatchObject({ status: 'RETRY_EXHAUSTED', attempts: 3, deadLettered: true });
    // Delivery carries the CloudEvent and the Kafka coordinates.
    const delivered = seen.find((s) => s.key === 'ok')!;
    expect(delivered.headers).toMatchObject({ 'content-type': 'application/cloudevents+json', __topic: topic, __partition: '0', __offset: '0', pubsubname: 'kafka-pubsub' });
    expect(seen.some((s) => s.path === '/not-for-us')).toBe(false);

    const dlq = await readTopic(kafka, `${topic}.dlq`, 3);
    expect(dlq.map((r) => r.key)).toEqual(['drop', 'fail', 'odd']);
    expect(dlq.map((r) => decodeKafkaRecord(tasks, { value: r.value }))).toEqual([low, completed, completed]);
    await expectAllCommitted(group, topic!);
  });

  it('gives every bad delivery its documented status and loses nothing', async () => {
    const [topic] = await topicsFor('task-events');
    const group = uniqueName('task-consumer');
    const { logger, lines } = recordingLogger();
    const received: DomainEventOf<typeof tasks, 'task.created.v1'>[] = [];
    let flakyCalls = 0;
    const handler = createDaprHandler(tasks, {
      topic,
      logger,
      handlers: {
        'task.created.v1': (event, context) => {
          expect(context.kafka.topic).toBe(topic);
          if (event.payload.title === 'explode') throw new Error('database is down');
          if (event.payload.title === 'flaky' && ++flakyCalls === 1) throw new Error('timeout');
          received.push(event);
        },
      },
    });
    const appUrl = await serve(handler.nodeListener);
    const car = await sidecar({ appId: 'task-consumer', appUrl, components: [{ name: 'kafka-pubsub', metadata: { consumerGroup: group, initialOffset: 'oldest' } }] });
    expect(car.subscriptions[0]).toMatchObject({ topic, deadLetterTopic: `${topic}.dlq` });

    const sample = taskSamples['task.created.v1'];
    const good = tasks.create('task.created.v1', sample);
    const explode = tasks.create('task.created.v1', { ...sample, title: 'explode' });
    const flaky = tasks.create('task.created.v1', { ...sample, title: 'flaky' });
    const base64 = tasks.create('task.created.v1', { ...sample, title: 'as data_base64' });
    const { data, ...attributes } = toCloudEvent(tasks, base64);
    const wrongType = { ...toCloudEvent(tasks, good), type: 'task.exploded.v1', data: { ...good, event_type: 'task.exploded.v1' } };
    const violating = { ...toCloudEvent(tasks, good), data: { ...good, payload: { ...good.payload, task_id: 'nope' } } };
    const values = [
      JSON.stringify(toCloudEvent(tasks, good)), // 0 SUCCESS
      'this is not JSON', // 1 the sidecar cannot read it: dead-lettered without a delivery
      JSON.stringify({ hello: 'world' }), // 2 not a CloudEvent: DROP
      JSON.stringify(wrongType), // 3 unknown type: DROP
      JSON.stringify(violating), // 4 schema violation: DROP
      JSON.stringify(toCloudEvent(tasks, explode)), // 5 handler throws every time: RETRY, then DLQ
      JSON.stringify(toCloudEvent(tasks, flaky)), // 6 handler throws once: RETRY, SUCCESS
      JSON.stringify({ ...attributes, data_base64: Buffer.from(JSON.stringify(data)).toString('base64') }), // 7 SUCCESS
    ];
    await producer.send({ topic: topic!, messages: values.map((value, i) => ({ key: `k${i}`, value })) });
    const outcomes = await car.waitForOutcomes((o) => o.length === values.length);
    expect(outcomes.map((o) => [o.key, o.status, o.deadLettered])).toEqual([
      ['k0', 'SUCCESS', false],
      ['k1', 'UNDESERIALIZABLE', true],
      ['k2', 'DROP', true],
      ['k3', 'DROP', true],
      ['k4', 'DROP', true],
      ['k5', 'RETRY_EXHAUSTED', true],
      ['k6', 'SUCCESS', false],
      ['k7', 'SUCCESS', false],
    ]);
    expect(outcomes.map((o) => o.path)).toEqual([
      `/events/${topic}/task.created.v1`,
      undefined,
      `/events/${topic}`,
      `/events/${topic}`,
      `/events/${topic}/task.created.v1`,
      `/events/${topic}/task.created.v1`,
      `/events/${topic}/task.created.v1`,
      `/events/${topic}/task.created.v1`,
    ]);
    expect(received).toEqual([good, flaky, base64]);

    // Every record is either handled or on the dead-letter topic, byte for byte.
    const dlq = await readTopic(kafka, `${topic}.dlq`, 5);
    expect(dlq.map((r) => [r.key, r.value])).toEqual([1, 2, 3, 4, 5].map((i) => [`k${i}`, values[i]]));
    await expectAllCommitted(group, topic!);

    // Every decision is logged with its reason.
    const decisions = lines.filter((l) => l.message.startsWith('Dapr delivery'));
    expect(decisions.map((l) => [l.level, l.details?.['status']])).toEqual([
      ['info', 'SUCCESS'],
      ['error', 'DROP'],
      ['error', 'DROP'],
      ['error', 'DROP'],
      ['warn', 'RETRY'],
      ['warn', 'RETRY'],
      ['warn', 'RETRY'],
      ['warn', 'RETRY'],
      ['info', 'SUCCESS'],
      ['info', 'SUCCESS'],
    ]);
    expect(decisions[1]!.details?.['reason']).toMatch(/not a CloudEvent/);
    expect(decisions[2]!.details?.['code']).toBe('UNKNOWN_EVENT_TYPE');
    expect(decisions[3]!.details?.['reason']).toMatch(/payload\.task_id/);
    expect(decisions[4]!.details?.['reason']).toBe('database is down');
  });

  it('reads plain envelopes through a rawPayload subscription', async () => {
    const [topic] = await topicsFor('task-events');
    const received: string[] = [];
    const handler = createDaprHandler(tasks, {
      topic,
      rawPayload: true,
      logger: recordingLogger().logger,
      handlers: { 'task.completed.v1': (event) => void received.push(event.event_id) },
    });
    const appUrl = await serve(handler.nodeListener);
    const car = await sidecar({ appId: 'raw-consumer', appUrl, components: [{ name: 'kafka-pubsub', metadata: { consumerGroup: uniqueName('raw'), initialOffset: 'oldest' } }] });
    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1']);
    // What a Pydantic service writes: the bare envelope.
    await producer.send({ topic: topic!, messages: [{ key: completed.payload.task_id, value: tasks.serialize(completed) }] });
    const [outcome] = await car.waitForOutcomes((o) => o.length === 1);
    expect(outcome).toMatchObject({ status: 'SUCCESS', path: `/events/${topic}` });
    expect(received).toEqual([completed.event_id]);
  });
});

describe('the recurring-task flow', () => {
  it('task.completed -> recurring.triggered + next task.created -> notification, one correlation chain', async () => {
    const [taskTopic, recurringTopic, notificationTopic] = await topicsFor('task-events', 'recurring-events', 'notification-events');
    const kafkaPubsub = (app: string) => [{ name: 'kafka-pubsub', metadata: { consumerGroup: uniqueName(app), initialOffset: 'oldest' } }];

    // recurring-service: subscribed to task events; publishes recurring and task events.
    let recurringCar: Sidecar | undefined;
    const triggeredBy: string[] = [];
    const recurringHandler = createDaprHandler(tasks, {
      topic: taskTopic,
      logger: recordingLogger().logger,
      handlers: {
        'task.completed.v1': async (completed) => {
          const { recurrence, due_date: due, completed_at: completedAt } = completed.payload;
          if (!recurrence) return;
          triggeredBy.push(completed.event_id);
          const days = { daily: 1, weekly: 7, monthly: 30, yearly: 365 }[recurrence.frequency] * recurrence.interval;
          const nextDue = new Date(Date.parse(due ?? completedAt) + days * 86_400_000).toISOString();
          // Ids derived from the completed event: a redelivery publishes the same events again.
          const key = ['next-occurrence', completed.event_id];
          const newTaskId = uuidv5(completed.event_id, uuidv5('next-occurrence', uuidv5.URL));
          await publisherVia(recurring, recurringCar!, recurringTopic!).publish(
            recurring.create('recurring.triggered.v1', {
              task_id: completed.payload.task_id,
              completed_task_id: completed.payload.task_id,
              user_id: completed.payload.user_id,
              recurrence,
              next_due_date: nextDue,
            }, { causedBy: completed, userId: completed.user_id, idempotencyKey: key }),
          );
          await publisherVia(tasks, recurringCar!, taskTopic!).publish(
            tasks.create('task.created.v1', {
              task_id: newTaskId,
              user_id: completed.payload.user_id,
              title: completed.payload.title,
              due_date: nextDue,
              recurrence,
            }, { causedBy: completed, userId: completed.user_id, idempotencyKey: key }),
          );
        },
      },
    });
    recurringCar = await sidecar({ appId: 'recurring-service', appUrl: await serve(recurringHandler.nodeListener), components: kafkaPubsub('recurring-service') });

    // notification-service: subscribed to task and recurring events; publishes notifications.
    let notificationCar: Sidecar | undefined;
    const notified: DomainEventOf<typeof recurring, 'recurring.triggered.v1'>[] = [];
    const notificationHandler: DaprHandler = combineDaprHandlers(
      createDaprHandler(tasks, {
        topic: taskTopic,
        logger: recordingLogger().logger,
        handlers: {
          'task.created.v1': async (created) => {
            await publisherVia(notifications, notificationCar!, notificationTopic!).publish(
              notifications.create('notification.delivered.v1', {
                notification_id: uuidv5(created.event_id, uuidv5('notify', uuidv5.URL)),
                user_id: created.payload.user_id,
                channel: 'email',
                provider: 'sendgrid',
                recipient: 'ada@example.com',
                provider_message_id: 'msg_1',
                delivered_at: new Date().toISOString(),
              }, { causedBy: created, userId: created.user_id, idempotencyKey: ['notify', created.event_id] }),
            );
          },
        },
      }),
      createDaprHandler(recurring, {
        topic: recurringTopic,
        logger: recordingLogger().logger,
        handlers: { 'recurring.triggered.v1': (event) => void notified.push(event) },
      }),
    );
    notificationCar = await sidecar({ appId: 'notification-service', appUrl: await serve(notificationHandler.nodeListener), components: kafkaPubsub('notification-service') });
    expect(notificationCar.subscriptions.map((s) => s.topic)).toEqual([taskTopic, recurringTopic]);

    // task-service: only publishes.
    const taskCar = await sidecar({ appId: 'task-service' });
    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1'], { userId: USER_ID });
    await publisherVia(tasks, taskCar, taskTopic!).publish(completed);

    const [taskRecords, recurringRecords, notificationRecords] = await Promise.all([
      readTopic(kafka, taskTopic!, 2),
      readTopic(kafka, recurringTopic!, 1),
      readTopic(kafka, notificationTopic!, 1),
    ]);
    expect(taskRecords).toHaveLength(2);
    expect(recurringRecords).toHaveLength(1);
    expect(notificationRecords).toHaveLength(1);
    for (const record of [...taskRecords, ...recurringRecords, ...notificationRecords]) assertStrictCloudEvent(json(record));

    const [onTopic, next] = taskRecords.map((r) => decodeKafkaRecord(tasks, { value: r.value, headers: r.message.headers }));
    const triggered = decodeKafkaRecord(recurring, { value: recurringRecords[0]!.value });
    const notification = decodeKafkaRecord(notifications, { value: notificationRecords[0]!.value });
    expect(onTopic).toEqual(completed);
    expect(triggeredBy).toEqual([completed.event_id]);
    if (next?.event_type !== 'task.created.v1' || triggered.event_type !== 'recurring.triggered.v1') throw new Error('unexpected event types');
    expect(next.payload).toMatchObject({ title: completed.payload.title, due_date: '2026-12-08T17:00:00.000Z', recurrence: completed.payload.recurrence });
    expect(next.payload.task_id).not.toBe(completed.payload.task_id);
    expect(taskRecords[1]!.key).toBe(next.payload.task_id);
    expect(triggered.payload).toMatchObject({ task_id: completed.payload.task_id, next_due_date: '2026-12-08T17:00:00.000Z' });
    expect(recurringRecords[0]!.key).toBe(completed.payload.task_id);
    // One chain: the correlation id carried over, each causation pointing at its cause.
    for (const caused of [next, triggered]) {
      expect(caused.correlation_id).toBe(completed.correlation_id);
      expect(caused.causation_id).toBe(completed.event_id);
    }
    expect(notification.correlation_id).toBe(completed.correlation_id);
    expect(notification.causation_id).toBe(next.event_id);
    expect(notified.map((e) => e.event_id)).toEqual([triggered.event_id]);
    // Everything the services consumed was acknowledged.
    expect(recurringCar.outcomes.every((o) => o.status === 'SUCCESS')).toBe(true);
    await notificationCar.waitForOutcomes((o) => o.length === 3);
    expect(notificationCar.outcomes.map((o) => o.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
  });
});
