/**
 * Python and TypeScript services on one topic, each behind its own real daprd (tools/dapr) over
 * the real Kafka broker, with the Pydantic module `nx g kafka-events:python tasks` generates
 * (rendered at test time by the plugin's generators, run by the repo's pinned venv):
 * - a Python service publishes with publish_task_event and our TypeScript handler, subscribed by
 *   the Subscription `nx g kafka-events:dapr` writes, receives equal events on the same per-type
 *   routes as events our TypeScript publisher wrote;
 * - our TypeScript publisher publishes and a Python ASGI app (uvicorn) answers the deliveries with
 *   handle_task_delivery: SUCCESS, RETRY redelivered by the generated Resiliency, DROP
 *   dead-lettered, the app token checked with dapr_app_token_ok.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTopic, uniqueName, waitFor } from '../kafka/__fixtures__/kafka-harness';
import { taskSamples, tasks, USER_ID } from '../kafka/__fixtures__/seed-domains';
import { toCloudEvent } from '../cloudevents/cloud-event';
import type { DomainEventOf } from '../core/domain-types';
import { domainNamespace, newEventId } from '../core/event-id';
import { daprdScope } from './__fixtures__/daprd-harness';
import { daprdKafka, FAST_RETRY } from './__fixtures__/daprd-kafka';
import { quietLogger } from './__fixtures__/dapr-loggers';
import { kafkaComponent } from './__fixtures__/manifests';
import {
  generatePythonModule,
  readJsonLines,
  runPythonScript,
  startPythonService,
  type GeneratedPythonModule,
} from './__fixtures__/python-service';
import { createDaprHandler, type DaprDeliveryContext } from './handler';
import { createDaprPublisher } from './publisher';

type TaskEvent = DomainEventOf<typeof tasks>;

const { kafka, topics, send, expectAllCommitted } = daprdKafka('dapr-python');
const scope = daprdScope();
const modules: GeneratedPythonModule[] = [];
afterAll(() => modules.forEach((m) => fs.rmSync(m.dir, { recursive: true, force: true })));

/** A fresh topic (and its DLQ) and the tasks module generated for it. */
async function topicWithModule(): Promise<{ topic: string; module: GeneratedPythonModule }> {
  const [topic] = (await topics(['task-events'])) as [string];
  const module = await generatePythonModule({ domain: 'tasks', entity: 'task', topic });
  modules.push(module);
  return { topic, module };
}

/** A publish-only sidecar (no app, no subscriptions): the generated Component needs consumers. */
const publisherSidecar = (appId: string, apiToken?: string) =>
  scope.sidecar({
    appId,
    manifests: [kafkaComponent({ consumerGroup: appId })],
    ...(apiToken ? { apiToken } : {}),
  });

/** Attributes daprd adds to a structured CloudEvent it publishes. */
const DAPR_ATTRIBUTES = ['topic', 'pubsubname', 'traceid', 'traceparent', 'tracestate'];
const withoutDaprAttributes = (value: string | null) =>
  Object.fromEntries(
    Object.entries(JSON.parse(value!) as Record<string, unknown>).filter(
      ([name]) => !DAPR_ATTRIBUTES.includes(name),
    ),
  );

describe('a Python service publishes through its daprd, our TypeScript handler receives', () => {
  it('equal events, keyed by entity id, routed by event type on the per-type routes exactly as events our publisher wrote', async () => {
    const { topic, module } = await topicWithModule();
    expect(module.text).toContain(`TASK_TOPIC = "${topic}"`);
    const consumerId = uniqueName('ts-consumer');
    const workspace = await scope.manifests({
      domains: [{ name: 'tasks', topic }],
      apps: [{ project: consumerId, domains: ['tasks'] }],
    });
    const received: { event: TaskEvent; context: DaprDeliveryContext }[] = [];
    const push = (event: TaskEvent, context: DaprDeliveryContext) =>
      void received.push({ event, context });
    const handler = createDaprHandler(tasks, {
      topic,
      logger: quietLogger,
      serveSubscriptions: false,
      handlers: { 'task.created.v1': push, 'task.updated.v1': push, 'task.completed.v1': push },
    });
    const app = await scope.app(handler.nodeListener);
    await scope.sidecar({
      appId: consumerId,
      appPort: app.port,
      manifestDirs: workspace.manifestDirsOf(consumerId),
    });
    const apiToken = randomUUID();
    const publisherId = uniqueName('py-publisher');
    const sidecar = await publisherSidecar(publisherId, apiToken);

    // The Python service: its sidecar and token from the environment, as in production.
    const taskId = randomUUID();
    const requestId = randomUUID();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const printed = await runPythonScript('task_publisher.py', {
      moduleDir: module.dir,
      args: [taskId, USER_ID, requestId, traceparent],
      env: {
        DAPR_HOST: '127.0.0.1',
        DAPR_HTTP_PORT: String(sidecar.httpPort),
        DAPR_API_TOKEN: apiToken,
      },
    });
    const fromPython = printed
      .trim()
      .split('\n')
      .map((line) => tasks.deserialize(line));
    const [created, updated] = fromPython as [TaskEvent, TaskEvent, TaskEvent];
    // The same event ids and correlation as createTaskEvent gives in TypeScript.
    expect(created.event_id).toBe(newEventId(domainNamespace('tasks'), ['create-task', requestId]));
    expect(fromPython.map((e) => [e.event_type, e.correlation_id, e.causation_id])).toEqual([
      ['task.created.v1', created.event_id, null],
      ['task.updated.v1', created.event_id, created.event_id],
      ['task.completed.v1', created.event_id, updated.event_id],
    ]);

    // The same task's life from our TypeScript publisher, through the same kind of sidecar.
    const tsTaskId = randomUUID();
    const tsCreated = tasks.create(
      'task.created.v1',
      { ...taskSamples['task.created.v1'], task_id: tsTaskId },
      { userId: USER_ID, idempotencyKey: ['create-task', randomUUID()] },
    );
    const tsUpdated = tasks.create(
      'task.updated.v1',
      { ...taskSamples['task.updated.v1'], task_id: tsTaskId },
      { causedBy: tsCreated, userId: USER_ID },
    );
    const tsCompleted = tasks.create(
      'task.completed.v1',
      { ...taskSamples['task.completed.v1'], task_id: tsTaskId },
      { causedBy: tsUpdated, userId: USER_ID },
    );
    const fromTs = [tsCreated, tsUpdated, tsCompleted];
    const publisher = createDaprPublisher(tasks, {
      host: '127.0.0.1',
      port: sidecar.httpPort,
      apiToken,
      topic,
    });
    for (const event of fromTs) await publisher.publish(event);

    // Kafka: one partition, in publish order, each record keyed by its entity id; the Python
    // CloudEvent is, but for what daprd adds, the one TypeScript builds for the same event.
    const records = await readTopic(kafka, topic, 6);
    expect(records.map((r) => r.key)).toEqual([
      taskId,
      taskId,
      taskId,
      tsTaskId,
      tsTaskId,
      tsTaskId,
    ]);
    records.forEach((record, i) => {
      const event = [...fromPython, ...fromTs][i]!;
      expect(withoutDaprAttributes(record.value)).toEqual(
        JSON.parse(JSON.stringify(toCloudEvent(tasks, event))),
      );
    });
    const attributes = (i: number) => Object.keys(JSON.parse(records[i]!.value!)).sort();
    for (const i of [0, 1, 2]) expect(attributes(i)).toEqual(attributes(i + 3));
    // the traceparent the Python service passed went through as it does for TypeScript
    expect(JSON.parse(records[0]!.value!)).toMatchObject({ traceparent });

    await waitFor(() => received.length >= 6, 'six deliveries to the TypeScript handler');
    await expectAllCommitted(consumerId, topic);
    const byId = new Map(received.map((r) => [r.event.event_id, r]));
    expect(received).toHaveLength(6);
    for (const [python, ts] of fromPython.map((e, i) => [e, fromTs[i]!] as const)) {
      const py = byId.get(python.event_id)!;
      const other = byId.get(ts.event_id)!;
      // equal to what Python serialized, and delivered as TypeScript's own events are
      expect(py.event).toEqual(python);
      expect(other.event).toEqual(ts);
      expect(py.context.path).toBe(`/events/${topic}/${python.event_type}`);
      expect(py.context.path).toBe(other.context.path);
      expect(py.context.kafka).toMatchObject({ key: taskId, topic, partition: 0 });
      expect(py.context.cloudEvent).toMatchObject({
        id: python.event_id,
        type: python.event_type,
        source: '/tasks',
        subject: taskId,
        correlationid: python.correlation_id,
        userid: USER_ID,
        pubsubname: 'kafka-pubsub',
        topic,
      });
      expect(Object.keys(py.context.cloudEvent).sort()).toEqual(
        Object.keys(other.context.cloudEvent).sort(),
      );
    }
    expect(byId.get(created.event_id)!.context.trace.traceparent).toBe(traceparent);
  });
});

/** The JSON of an event without its null fields: what it says, however absent fields are written. */
const withoutNulls = (event: unknown): unknown =>
  JSON.parse(JSON.stringify(event), (_key, value: unknown) => (value === null ? undefined : value));

/** One line of what task_subscriber.py records per request. */
interface PythonDelivery {
  readonly path: string;
  readonly key: string | null;
  readonly token: boolean;
  readonly status: 'SUCCESS' | 'RETRY' | 'DROP' | 401;
  readonly event: Record<string, unknown> | null;
  readonly handled: boolean;
}

describe('our TypeScript publisher publishes, a Python ASGI app behind its daprd receives', () => {
  it('with handle_task_delivery: SUCCESS, RETRY redelivered by the generated Resiliency, DROP and exhausted retries dead-lettered, the app token checked', async () => {
    const { topic, module } = await topicWithModule();
    const subscriberId = uniqueName('py-subscriber');
    const workspace = await scope.manifests({
      domains: [{ name: 'tasks', topic }],
      apps: [{ project: subscriberId, domains: ['tasks'], options: FAST_RETRY }],
    });
    const recordFile = path.join(module.dir, 'deliveries.jsonl');
    const appApiToken = randomUUID();
    const service = await startPythonService('task_subscriber:app', {
      moduleDir: module.dir,
      env: { RECORD_FILE: recordFile, APP_API_TOKEN: appApiToken },
    });
    scope.onCleanup(() => service.stop());
    await scope.sidecar({
      appId: subscriberId,
      appPort: service.port,
      appApiToken,
      manifestDirs: workspace.manifestDirsOf(subscriberId),
    });
    const sidecar = await publisherSidecar(uniqueName('ts-publisher'));
    const publisher = createDaprPublisher(tasks, {
      host: '127.0.0.1',
      port: sidecar.httpPort,
      topic,
    });

    const created = (title: string) =>
      tasks.create(
        'task.created.v1',
        { ...taskSamples['task.created.v1'], task_id: randomUUID(), title },
        { userId: USER_ID },
      );
    const good = created('good');
    const flaky = created('flaky');
    const explode = created('explode');
    const dropMe = created('drop me');
    const completed = tasks.create(
      'task.completed.v1',
      { ...taskSamples['task.completed.v1'], task_id: good.payload.task_id },
      { causedBy: good, userId: USER_ID },
    );
    const updated = tasks.create('task.updated.v1', {
      ...taskSamples['task.updated.v1'],
      task_id: good.payload.task_id,
    });
    for (const event of [good, flaky, explode, dropMe, completed, updated])
      await publisher.publish(event);
    // What a client that skips the typed libraries might write: our publisher would refuse them.
    const violating = {
      ...toCloudEvent(tasks, good),
      data: { ...good, payload: { ...good.payload, task_id: 'nope' } },
    };
    const wrongType = {
      ...toCloudEvent(tasks, good),
      type: 'task.exploded.v1',
      data: { ...good, event_type: 'task.exploded.v1' },
    };
    const notAnEnvelope = { ...toCloudEvent(tasks, good), data: { hello: 'world' } };
    const foreign: [key: string, value: string][] = [
      ['violating', JSON.stringify(violating)],
      ['wrong-type', JSON.stringify(wrongType)],
      ['not-an-envelope', JSON.stringify(notAnEnvelope)],
    ];
    await send(topic, foreign);

    // DROP and exhausted retries reach the DLQ, byte for byte with their keys; nothing else.
    const dead = await readTopic(kafka, `${topic}.dlq`, 5, 1_500);
    const key = (event: TaskEvent) => event.payload.task_id;
    expect(dead.map((r) => r.key).sort()).toEqual(
      [key(explode), key(dropMe), 'violating', 'wrong-type', 'not-an-envelope'].sort(),
    );
    for (const [k, value] of foreign) expect(dead.find((r) => r.key === k)!.value).toBe(value);
    await expectAllCommitted(subscriberId, topic);

    const deliveries = readJsonLines<PythonDelivery>(recordFile);
    const of = (k: string) => deliveries.filter((d) => d.key === k);
    const outcomes = (k: string) => of(k).map((d) => d.status);
    expect(deliveries.every((d) => d.token)).toBe(true);
    // good, then completed and updated of the same task: one key, in order
    expect(outcomes(key(good))).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(of(key(good)).map((d) => [d.path, d.handled])).toEqual([
      [`/events/${topic}/task.created.v1`, true],
      [`/events/${topic}/task.completed.v1`, true],
      // no handler for task.updated: acknowledged
      [`/events/${topic}/task.updated.v1`, false],
    ]);
    // What Python decoded is the event TypeScript published (Pydantic writes absent fields as null).
    expect(of(key(good)).map((d) => withoutNulls(d.event))).toEqual(
      [good, completed, updated].map(withoutNulls),
    );
    // Raised once: RETRY, redelivered as the generated Resiliency says (constant, 200ms, 2 retries).
    expect(outcomes(key(flaky))).toEqual(['RETRY', 'SUCCESS']);
    expect(of(key(flaky)).map((d) => withoutNulls(d.event))).toEqual(
      [flaky, flaky].map(withoutNulls),
    );
    expect(outcomes(key(explode))).toEqual(['RETRY', 'RETRY', 'RETRY']);
    expect(outcomes(key(dropMe))).toEqual(['DROP']);
    // Not valid events of the domain: DROP without calling a handler.
    expect(of('violating').map((d) => [d.path, d.status, d.event, d.handled])).toEqual([
      [`/events/${topic}/task.created.v1`, 'DROP', null, false],
    ]);
    expect(of('wrong-type').map((d) => [d.path, d.status, d.event])).toEqual([
      [`/events/${topic}`, 'DROP', null],
    ]);
    expect(outcomes('not-an-envelope')).toEqual(['DROP']);

    // Without the sidecar's token the app answers 401 and handles nothing.
    const forged = await fetch(`${service.url}/events/${topic}/task.created.v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', 'dapr-api-token': 'guess' },
      body: JSON.stringify(toCloudEvent(tasks, created('forged'))),
    });
    expect(forged.status).toBe(401);
    const last = readJsonLines<PythonDelivery>(recordFile).at(-1)!;
    expect(last).toMatchObject({ token: false, status: 401, handled: false });
  });
});
