/**
 * What the real daprd does with each answer of our delivery handler, read back from Kafka: the
 * topic, its dead-letter topic and the committed offsets of the app's consumer group. The
 * manifests are the ones `nx g kafka-events:dapr` writes, loaded as they are.
 */
import { readTopic, uniqueName } from '../kafka/__fixtures__/kafka-harness';
import { taskSamples, tasks } from '../kafka/__fixtures__/seed-domains';
import { toCloudEvent } from '../cloudevents/cloud-event';
import type { DomainEventOf } from '../core/domain-types';
import { daprdScope, type RecordingApp } from './__fixtures__/daprd-harness';
import { daprdKafka, FAST_RETRY } from './__fixtures__/daprd-kafka';
import { quietLogger as quiet } from './__fixtures__/dapr-loggers';
import { createDaprHandler } from './handler';

const { kafka, topics, send, sendCloudEvents, expectAllCommitted } = daprdKafka('dapr-deliveries');
const scope = daprdScope();

/** A fresh topic (and its DLQ) and the app's manifests generated for it. */
async function setUp(appId: string, daprOptions: Record<string, unknown> = FAST_RETRY) {
  const [topic] = (await topics(['task-events'])) as [string];
  const workspace = await scope.manifests({
    domains: [{ name: 'tasks', topic }],
    apps: [{ project: appId, domains: ['tasks'], options: daprOptions }],
  });
  return { topic, workspace };
}

/** An app whose only handler always throws: the runtime answers RETRY every time. */
async function alwaysFailingApp(topic: string): Promise<RecordingApp> {
  const handler = createDaprHandler(tasks, {
    topic,
    logger: quiet,
    serveSubscriptions: false,
    handlers: {
      'task.created.v1': () => {
        throw new Error('always fails');
      },
    },
  });
  return scope.app(handler.nodeListener);
}

const deliveriesOf = (app: RecordingApp, title: string) =>
  app.deliveries().filter((d) => d.body.includes(`"title":"${title}"`));

describe('declarative subscriptions as generated, with the generated Resiliency policy', () => {
  it('routes by event type, retries a throwing handler as the policy says, dead-letters DROP and exhausted retries', async () => {
    const appId = uniqueName('notifier');
    const { topic, workspace } = await setUp(appId);
    const handled: DomainEventOf<typeof tasks>[] = [];
    let flakyCalls = 0;
    const handler = createDaprHandler(tasks, {
      topic,
      logger: quiet,
      serveSubscriptions: false,
      handlers: {
        'task.created.v1': (event) => {
          if (event.payload.title === 'explode') throw new Error('database is down');
          if (event.payload.title === 'flaky' && ++flakyCalls === 1) throw new Error('timeout');
          if (event.payload.title === 'drop me') return 'DROP';
          handled.push(event);
        },
        'task.completed.v1': (event) => void handled.push(event),
      },
    });
    const app = await scope.app(handler.nodeListener);
    await scope.sidecar({
      appId,
      appPort: app.port,
      manifestDirs: workspace.manifestDirsOf(appId),
    });

    const sample = taskSamples['task.created.v1'];
    const created = (title: string) => tasks.create('task.created.v1', { ...sample, title });
    const good = created('good');
    const flaky = created('flaky');
    const explode = created('explode');
    const dropMe = created('drop me');
    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1']);
    const wrongType = {
      ...toCloudEvent(tasks, good),
      type: 'task.exploded.v1',
      data: { ...good, event_type: 'task.exploded.v1' },
    };
    const violating = {
      ...toCloudEvent(tasks, good),
      data: { ...good, payload: { ...good.payload, task_id: 'nope' } },
    };
    const values: [key: string, value: string][] = [
      ['good', JSON.stringify(toCloudEvent(tasks, good))],
      ['flaky', JSON.stringify(toCloudEvent(tasks, flaky))],
      ['explode', JSON.stringify(toCloudEvent(tasks, explode))],
      ['drop', JSON.stringify(toCloudEvent(tasks, dropMe))],
      ['completed', JSON.stringify(toCloudEvent(tasks, completed))],
      ['wrong-type', JSON.stringify(wrongType)],
      ['violating', JSON.stringify(violating)],
      ['not-a-cloudevent', JSON.stringify({ hello: 'world' })],
      ['not-json', 'this is not JSON'],
    ];
    await send(topic, values);

    const expectedDead = [
      'explode',
      'drop',
      'wrong-type',
      'violating',
      'not-a-cloudevent',
      'not-json',
    ];
    const dlq = await readTopic(kafka, `${topic}.dlq`, expectedDead.length, 1_500);
    // Nothing lost: every record was handled or is on the DLQ, byte for byte, exactly once.
    expect(dlq.map((r) => r.key).sort()).toEqual([...expectedDead].sort());
    for (const record of dlq)
      expect(record.value).toBe(values.find(([key]) => key === record.key)![1]);
    expect(handled.map((e) => e.event_id)).toEqual([
      good.event_id,
      flaky.event_id,
      completed.event_id,
    ]);
    await expectAllCommitted(appId, topic);

    // The generated policy: 2 retries, so a handler that always throws sees 3 deliveries.
    expect(deliveriesOf(app, 'explode')).toHaveLength(3);
    expect(deliveriesOf(app, 'flaky')).toHaveLength(2);
    expect(deliveriesOf(app, 'drop me')).toHaveLength(1);
    // daprd itself dead-letters a record that is not a CloudEvent (not JSON, or JSON without the
    // CloudEvent attributes): the app never sees it.
    const byKey = (key: string) => app.deliveries().filter((d) => d.headers['__key'] === key);
    expect(byKey('not-json')).toHaveLength(0);
    expect(byKey('not-a-cloudevent')).toHaveLength(0);
    // Each event type has its own route; other types go to the default route.
    const paths = Object.fromEntries(
      app.deliveries().map((d) => [String(d.headers['__key']), d.path]),
    );
    expect(paths).toMatchObject({
      good: `/events/${topic}/task.created.v1`,
      completed: `/events/${topic}/task.completed.v1`,
      'wrong-type': `/events/${topic}`,
    });
    // Kafka coordinates arrive as headers.
    const first = app.deliveries().find((d) => d.headers['__key'] === 'good')!;
    expect(first.headers).toMatchObject({ __topic: topic, __partition: '0', __offset: '0' });
  });

  it('the exponential policy (the generator default) redelivers maxRetries times, then dead-letters', async () => {
    const appId = uniqueName('exponential');
    const { topic, workspace } = await setUp(appId, { retryMaxRetries: 3 });
    expect(workspace.read(`apps/${appId}/dapr/resiliency.yaml`)).toMatch(
      /policy: exponential\n\s+maxInterval: 10s\n\s+maxRetries: 3/,
    );
    const app = await alwaysFailingApp(topic);
    await scope.sidecar({
      appId,
      appPort: app.port,
      manifestDirs: workspace.manifestDirsOf(appId),
    });
    const event = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    await sendCloudEvents(tasks, topic, [event], () => 'k');
    const [dead] = await readTopic(kafka, `${topic}.dlq`, 1, 1_000);
    expect(dead!.key).toBe('k');
    expect(app.deliveries()).toHaveLength(4);
    await expectAllCommitted(appId, topic);
  });

  it('without a Resiliency policy, daprd dead-letters a RETRY on the first failure', async () => {
    const appId = uniqueName('no-policy');
    const { topic, workspace } = await setUp(appId);
    const app = await alwaysFailingApp(topic);
    const withoutPolicy = workspace.files.filter(
      (f) => f.startsWith(`apps/${appId}/`) && !/resiliency/i.test(f),
    );
    const shared = workspace.files.filter((f) => !f.startsWith('apps/') && !f.startsWith('libs/'));
    await scope.sidecar({
      appId,
      appPort: app.port,
      manifestFiles: [...shared, ...withoutPolicy].map((f) => `${workspace.root}/${f}`),
    });
    const event = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    await sendCloudEvents(tasks, topic, [event], () => 'k');
    const [dead] = await readTopic(kafka, `${topic}.dlq`, 1, 1_000);
    expect(dead!.key).toBe('k');
    expect(app.deliveries()).toHaveLength(1);
    await expectAllCommitted(appId, topic);
  });

  it("applies Dapr's reading of each raw HTTP answer: empty 200, unknown status, 404, 500", async () => {
    const appId = uniqueName('raw-answers');
    const { topic, workspace } = await setUp(appId);
    // Not our handler: a bare app whose answer depends on the record key.
    const app = await scope.app((req, res) => {
      req.resume();
      const key = String(req.headers['__key']);
      const reply = (status: number, body?: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body ? JSON.stringify(body) : '');
      };
      if (key === 'success') reply(200, { status: 'SUCCESS' });
      else if (key === 'empty') reply(200);
      else if (key === 'unknown-status') reply(200, { status: 'MAYBE' });
      else if (key === 'not-found') reply(404);
      else reply(500);
    });
    await scope.sidecar({
      appId,
      appPort: app.port,
      manifestDirs: workspace.manifestDirsOf(appId),
    });
    const event = tasks.create('task.completed.v1', taskSamples['task.completed.v1']);
    const keys = ['success', 'empty', 'unknown-status', 'not-found', 'server-error'];
    await sendCloudEvents(
      tasks,
      topic,
      keys.map(() => event),
      (_e, i) => keys[i]!,
    );

    await expectAllCommitted(appId, topic);
    const dlq = await readTopic(kafka, `${topic}.dlq`, 2, 1_500);
    const count = (key: string) =>
      app.deliveries().filter((d) => d.headers['__key'] === key).length;
    expect(Object.fromEntries(keys.map((key) => [key, count(key)]))).toEqual({
      success: 1,
      empty: 1,
      // an unknown status and a 5xx are failures: retried as the policy says (2 retries)
      'unknown-status': 3,
      // 404: daprd drops the message without retrying
      'not-found': 1,
      'server-error': 3,
    });
    expect(dlq.map((r) => r.key).sort()).toEqual(['server-error', 'unknown-status']);
  });
});
