/**
 * Faults around the real daprd: the sidecar crashes mid-stream and comes back, the app is down
 * when deliveries arrive. In every case each event is handled (at least once) or on the
 * dead-letter topic: nothing is lost.
 */
import { uniqueName, waitFor } from '../kafka/__fixtures__/kafka-harness';
import { taskSamples, tasks } from '../kafka/__fixtures__/seed-domains';
import { daprdScope } from './__fixtures__/daprd-harness';
import { daprdKafka } from './__fixtures__/daprd-kafka';
import { quietLogger as quiet } from './__fixtures__/dapr-loggers';
import { createDaprHandler } from './handler';

const { topics, sendCloudEvents, expectAllCommitted, dlqSize } = daprdKafka('dapr-faults');
const scope = daprdScope();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setUp(prefix: string, daprOptions: Record<string, unknown>) {
  const appId = uniqueName(prefix);
  const [topic] = (await topics(['task-events'], 2)) as [string];
  const workspace = await scope.manifests({
    domains: [{ name: 'tasks', topic }],
    apps: [{ project: appId, domains: ['tasks'], options: daprOptions }],
  });
  return { appId, topic, manifestDirs: workspace.manifestDirsOf(appId) };
}

async function publishCreated(topic: string, count: number): Promise<string[]> {
  const events = Array.from({ length: count }, (_, i) =>
    tasks.create('task.created.v1', {
      ...taskSamples['task.created.v1'],
      task_id: crypto.randomUUID(),
      title: `task ${i}`,
    }),
  );
  await sendCloudEvents(tasks, topic, events);
  return events.map((event) => event.event_id);
}

describe('faults', () => {
  it('daprd killed mid-stream and restarted: every event is handled, none dead-lettered', async () => {
    const { appId, topic, manifestDirs } = await setUp('crashy', {
      retryPolicy: 'constant',
      retryDuration: '200ms',
      retryMaxRetries: 3,
    });
    const handled = new Map<string, number>();
    const handler = createDaprHandler(tasks, {
      topic,
      serveSubscriptions: false,
      logger: quiet,
      handlers: {
        'task.created.v1': async (event) => {
          await sleep(10);
          handled.set(event.event_id, (handled.get(event.event_id) ?? 0) + 1);
        },
      },
    });
    const app = await scope.app(handler.nodeListener);
    const daprd = await scope.sidecar({ appId, appPort: app.port, manifestDirs });
    const ids = await publishCreated(topic, 300);

    await waitFor(() => handled.size >= 40, 'the first deliveries');
    await daprd.kill();
    const beforeRestart = handled.size;
    expect(beforeRestart).toBeLessThan(ids.length);
    await daprd.start();

    await waitFor(
      () => ids.every((id) => handled.has(id)),
      `all ${ids.length} events handled (got ${handled.size})`,
      90_000,
    );
    await expectAllCommitted(appId, topic);
    expect(await dlqSize(topic)).toBe(0);
    // At least once: records delivered but not yet committed when daprd died come again.
    expect([...handled.values()].every((n) => n >= 1)).toBe(true);
  });

  it('the app is down when deliveries arrive: redelivered by the Resiliency policy once it is back, nothing dead-lettered', async () => {
    const { appId, topic, manifestDirs } = await setUp('sleepy', {
      retryPolicy: 'constant',
      retryDuration: '500ms',
      retryMaxRetries: 60,
    });
    const handled = new Set<string>();
    const handler = createDaprHandler(tasks, {
      topic,
      serveSubscriptions: false,
      logger: quiet,
      handlers: { 'task.created.v1': (event) => void handled.add(event.event_id) },
    });
    const app = await scope.app(handler.nodeListener);
    const daprd = await scope.sidecar({ appId, appPort: app.port, manifestDirs });
    const first = await publishCreated(topic, 3);
    await waitFor(() => first.every((id) => handled.has(id)), 'the first events');

    await app.close();
    const logMark = daprd.output.length;
    const whileDown = await publishCreated(topic, 5);
    // daprd tries, fails to reach the app and retries as the policy says.
    await daprd.waitForLog(/connection refused|error sending message|retriable error/i, {
      fromIndex: logMark,
      timeoutMs: 30_000,
    });
    await sleep(2_000);
    expect(whileDown.some((id) => handled.has(id))).toBe(false);
    await app.reopen();

    const arrived = () => whileDown.every((id) => handled.has(id));
    const progress = () => {
      const replies = app
        .deliveries()
        .map((r) => `${r.status} ${r.reply} ${/"id":"([^"]+)"/.exec(r.body)?.[1] ?? '?'}`);
      const got = whileDown.filter((id) => handled.has(id)).length;
      return (
        `${got}/${whileDown.length} of ${whileDown.join(' ')} handled\n` +
        `app replies:\n${replies.join('\n')}\n${daprd.logTail(30)}`
      );
    };
    const inTime = () =>
      waitFor(arrived, 'the events published while the app was down', 30_000)
        .then(() => true)
        .catch(() => false);
    // daprd 1.14's Kafka subscriber can go silent right after "Recovered processing operation"
    // (dapr/components-contrib#3264 and #4349; here about 1 run in 5 under load), a restarted one
    // too (seen once in CI). Nothing past the stalled records is committed, so a sidecar restart
    // resumes them: still none lost. Each restart must follow that signature.
    let sinceStart = logMark;
    for (let restarts = 0; !(await inTime()); restarts++) {
      const stalled = `daprd stalled after the app came back (restarts so far: ${restarts})`;
      if (restarts === 3) throw new Error(`${stalled}\n${progress()}`);
      console.warn(`${stalled}; restarting it.\n${progress()}`);
      expect(daprd.output.slice(sinceStart)).toMatch(/Recovered processing operation/);
      sinceStart = daprd.output.length;
      await daprd.restart();
    }
    await expectAllCommitted(appId, topic);
    expect(await dlqSize(topic)).toBe(0);
  });
});
