/**
 * Subscribing through the real daprd: programmatic subscriptions (`GET /dapr/subscribe`),
 * rawPayload topics, the app API token, per-entity ordering by the partition key and W3C trace
 * context. Outcomes are read back from Kafka.
 */
import { readTopic, uniqueName, waitFor } from '../kafka/__fixtures__/kafka-harness';
import { taskSamples, tasks } from '../kafka/__fixtures__/seed-domains';
import type { DomainEventOf } from '../core/domain-types';
import { daprdScope, type GeneratedWorkspace } from './__fixtures__/daprd-harness';
import { daprdKafka, FAST_RETRY } from './__fixtures__/daprd-kafka';
import { quietLogger as quiet } from './__fixtures__/dapr-loggers';
import { createDaprHandler, type DaprDeliveryContext } from './handler';
import { createDaprPublisher } from './publisher';
import { daprSubscriptions } from './subscriptions';

const { kafka, topics, send, sendCloudEvents, expectAllCommitted } =
  daprdKafka('dapr-subscriptions');
const scope = daprdScope();
type TaskEvent = DomainEventOf<typeof tasks>;

async function freshTopic(partitions = 1): Promise<string> {
  const [topic] = await topics(['task-events'], partitions);
  return topic!;
}

async function generated(appId: string, topic: string): Promise<GeneratedWorkspace> {
  return scope.manifests({
    domains: [{ name: 'tasks', topic }],
    apps: [{ project: appId, domains: ['tasks'], options: FAST_RETRY }],
  });
}

/** Only the shared Component the generator wrote: the app subscribes programmatically. */
const componentOnly = (workspace: GeneratedWorkspace) =>
  workspace.files
    .filter((f) => f.startsWith('dapr/components/'))
    .map((f) => `${workspace.root}/${f}`);

describe('programmatic subscriptions', () => {
  it('daprd reads GET /dapr/subscribe and routes by the CEL rules it lists, other types to the default route', async () => {
    const appId = uniqueName('programmatic');
    const topic = await freshTopic();
    const workspace = await generated(appId, topic);
    const handled: TaskEvent[] = [];
    const handler = createDaprHandler(tasks, {
      topic,
      logger: quiet,
      handlers: {
        'task.created.v1': (event) => void handled.push(event),
        'task.deleted.v1': (event) => void handled.push(event),
      },
    });
    const app = await scope.app(handler.nodeListener);
    const daprd = await scope.sidecar({
      appId,
      appPort: app.port,
      manifestFiles: componentOnly(workspace),
    });

    const created = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    const deleted = tasks.create('task.deleted.v1', taskSamples['task.deleted.v1']);
    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1']);
    const publisher = createDaprPublisher(tasks, {
      host: '127.0.0.1',
      port: daprd.httpPort,
      topic,
    });
    for (const event of [created, deleted, completed]) await publisher.publish(event);
    // A body that is not a CloudEvent: Dapr wraps it (type com.dapr.event.sent), so no rule matches.
    const plain = await fetch(`${daprd.url}/v1.0/publish/kafka-pubsub/${topic}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(plain.status).toBe(204);

    const [dead] = await readTopic(kafka, `${topic}.dlq`, 1, 500);
    expect(JSON.parse(dead!.value!)).toMatchObject({
      type: 'com.dapr.event.sent',
      data: { hello: 'world' },
    });
    await expectAllCommitted(appId, topic);
    expect(handled).toEqual([created, deleted]);

    const subscribe = app.requests.filter(
      (r) => r.method === 'GET' && r.path === '/dapr/subscribe',
    );
    expect(subscribe.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(subscribe[0]!.reply)).toEqual(daprSubscriptions(tasks, { topic }));
    expect(app.deliveries().map((d) => d.path)).toEqual([
      `/events/${topic}/task.created.v1`,
      `/events/${topic}/task.deleted.v1`,
      // a known type without a handler is acknowledged on its own route
      `/events/${topic}/task.completed.v1`,
      `/events/${topic}`,
    ]);
    expect(app.deliveries().map((d) => JSON.parse(d.reply))).toEqual([
      { status: 'SUCCESS' },
      { status: 'SUCCESS' },
      { status: 'SUCCESS' },
      { status: 'DROP' },
    ]);
  });

  it('a rawPayload subscription reads the plain envelopes Pydantic services write', async () => {
    const appId = uniqueName('raw');
    const topic = await freshTopic();
    const workspace = await generated(appId, topic);
    const handled: TaskEvent[] = [];
    const handler = createDaprHandler(tasks, {
      topic,
      rawPayload: true,
      logger: quiet,
      handlers: { 'task.completed.v1': (event) => void handled.push(event) },
    });
    const app = await scope.app(handler.nodeListener);
    await scope.sidecar({ appId, appPort: app.port, manifestFiles: componentOnly(workspace) });
    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1']);
    await send(topic, [[completed.payload.task_id, tasks.serialize(completed)]]);
    await waitFor(() => handled.length === 1, 'the raw envelope to be handled');
    expect(handled).toEqual([completed]);
    expect(app.deliveries().map((d) => d.path)).toEqual([`/events/${topic}`]);
    await expectAllCommitted(appId, topic);
  });
});

describe('app API token (APP_API_TOKEN)', () => {
  it('daprd sends it on every call; a handler expecting another token answers 401 and the event is retried, then dead-lettered', async () => {
    const topic = await freshTopic();
    const right = uniqueName('token-ok');
    const wrong = uniqueName('token-bad');
    const workspace = await scope.manifests({
      domains: [{ name: 'tasks', topic }],
      apps: [right, wrong].map((project) => ({ project, domains: ['tasks'], options: FAST_RETRY })),
    });
    const handled: string[] = [];
    const handlerWith = (appApiToken: string) =>
      createDaprHandler(tasks, {
        topic,
        appApiToken,
        serveSubscriptions: false,
        logger: quiet,
        handlers: { 'task.created.v1': (event) => void handled.push(event.event_id) },
      });
    const okApp = await scope.app(handlerWith('app-s3cret').nodeListener);
    const badApp = await scope.app(handlerWith('another-secret').nodeListener);
    await scope.sidecar({
      appId: right,
      appPort: okApp.port,
      appApiToken: 'app-s3cret',
      manifestDirs: workspace.manifestDirsOf(right),
    });
    await scope.sidecar({
      appId: wrong,
      appPort: badApp.port,
      appApiToken: 'app-s3cret',
      manifestDirs: workspace.manifestDirsOf(wrong),
    });

    const event = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    await sendCloudEvents(tasks, topic, [event]);

    // Each app consumes in its own group ({appID}): one handles the event, the other refuses it.
    const [dead] = await readTopic(kafka, `${topic}.dlq`, 1, 500);
    expect(JSON.parse(dead!.value!)).toMatchObject({ id: event.event_id });
    await expectAllCommitted(right, topic);
    await expectAllCommitted(wrong, topic);
    expect(handled).toEqual([event.event_id]);
    expect(okApp.deliveries().map((d) => [d.headers['dapr-api-token'], d.status])).toEqual([
      ['app-s3cret', 200],
    ]);
    // 1 delivery + 2 retries of the generated policy, every one refused.
    expect(badApp.deliveries().map((d) => [d.headers['dapr-api-token'], d.status])).toEqual([
      ['app-s3cret', 401],
      ['app-s3cret', 401],
      ['app-s3cret', 401],
    ]);
  });
});

describe('ordering and trace context', () => {
  it('the partition key becomes the record key, and each entity’s events arrive in the order they were published', async () => {
    const appId = uniqueName('ordered');
    const topic = await freshTopic(3);
    const workspace = await generated(appId, topic);
    const seen: { key: string | undefined; event: TaskEvent; partition: number | undefined }[] = [];
    const record = (event: TaskEvent, context: DaprDeliveryContext) =>
      void seen.push({ key: context.kafka.key, event, partition: context.kafka.partition });
    const handler = createDaprHandler(tasks, {
      topic,
      serveSubscriptions: false,
      logger: quiet,
      handlers: {
        'task.created.v1': record,
        'task.updated.v1': record,
        'task.completed.v1': record,
      },
    });
    const app = await scope.app(handler.nodeListener);
    const daprd = await scope.sidecar({
      appId,
      appPort: app.port,
      manifestDirs: workspace.manifestDirsOf(appId),
    });
    const publisher = createDaprPublisher(tasks, {
      host: '127.0.0.1',
      port: daprd.httpPort,
      topic,
    });

    // Eight random entities: all on one of three partitions by chance is 3 * 3^-8 (0.05 %); with
    // four it was 1 in 27, which once failed the partition-spread check below.
    const taskIds = Array.from({ length: 8 }, () => crypto.randomUUID());
    const published: TaskEvent[] = [];
    for (let step = 0; step < 8; step++) {
      for (const task_id of taskIds) {
        const event =
          step === 0
            ? tasks.create('task.created.v1', { ...taskSamples['task.created.v1'], task_id })
            : step === 7
              ? tasks.create('task.completed.v1', { ...taskSamples['task.completed.v1'], task_id })
              : tasks.create('task.updated.v1', {
                  ...taskSamples['task.updated.v1'],
                  task_id,
                  title: `revision ${step}`,
                });
        published.push(event);
      }
    }
    // Published concurrently per step: order is only promised within one entity.
    for (let i = 0; i < published.length; i += taskIds.length) {
      await Promise.all(
        published.slice(i, i + taskIds.length).map((event) => publisher.publish(event)),
      );
    }
    await waitFor(
      () => seen.length === published.length,
      `${published.length} deliveries (got ${seen.length})`,
    );

    for (const task_id of taskIds) {
      const mine = seen.filter((s) => s.event.payload.task_id === task_id);
      expect(mine.map((s) => s.event.event_id)).toEqual(
        published.filter((e) => e.payload.task_id === task_id).map((e) => e.event_id),
      );
      expect(new Set(mine.map((s) => s.key))).toEqual(new Set([task_id]));
      expect(new Set(mine.map((s) => s.partition)).size).toBe(1);
    }
    // Eight entities over three partitions: more than one partition was used.
    expect(new Set(seen.map((s) => s.partition)).size).toBeGreaterThan(1);
  });

  it("the publisher's traceparent reaches the handler's context", async () => {
    const appId = uniqueName('traced');
    const topic = await freshTopic();
    const workspace = await generated(appId, topic);
    const traces: DaprDeliveryContext['trace'][] = [];
    const handler = createDaprHandler(tasks, {
      topic,
      serveSubscriptions: false,
      logger: quiet,
      handlers: { 'task.created.v1': (_event, context) => void traces.push(context.trace) },
    });
    const app = await scope.app(handler.nodeListener);
    const daprd = await scope.sidecar({
      appId,
      appPort: app.port,
      manifestDirs: workspace.manifestDirsOf(appId),
    });
    const traceId = crypto.randomUUID().replace(/-/g, '');
    const traceparent = `00-${traceId}-b7ad6b7169203331-01`;
    const event = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    const publisher = createDaprPublisher(tasks, {
      host: '127.0.0.1',
      port: daprd.httpPort,
      topic,
    });
    await publisher.publish(event, { traceparent, tracestate: 'acme=1' });
    await waitFor(() => traces.length === 1, 'the traced delivery');
    expect(traces[0]!.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
  });
});
