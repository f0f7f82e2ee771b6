/**
 * Faults around the real daprd: the sidecar crashes mid-stream and comes back, the app is down
 * when deliveries arrive. Each event is handled (at least once) or on the dead-letter topic, except
 * the ones daprd 1.14 itself reports delivered to an app that was down (see docs/design.md).
 */
import { uniqueName, waitFor } from '../kafka/__fixtures__/kafka-harness';
import { taskSamples, tasks } from '../kafka/__fixtures__/seed-domains';
import { daprdScope, type RecordingApp } from './__fixtures__/daprd-harness';
import { daprdKafka } from './__fixtures__/daprd-kafka';
import { quietLogger as quiet } from './__fixtures__/dapr-loggers';
import { createDaprHandler } from './handler';

const { topics, sendCloudEvents, expectAllCommitted, describeGroup, dlqSize } =
  daprdKafka('dapr-faults');
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

/** What the app answered to each delivery, with the CloudEvent id, for failure messages. */
function replies(app: RecordingApp): string {
  return app
    .deliveries()
    .map((r) => `${r.status} ${r.reply} ${/"id":"([^"]+)"/.exec(r.body)?.[1] ?? '?'}`)
    .join('\n');
}

/** How many "Recovered processing operation" lines in a daprd log are stamped before `time`. */
function recoveriesBefore(log: string, time: number): number {
  const stamps = [
    ...log.matchAll(/time="([^"]+)" level=info msg="Recovered processing operation/g),
  ];
  // daprd stamps nanoseconds; Date.parse takes milliseconds.
  return stamps.filter(([, stamp]) => Date.parse(stamp!.replace(/(\.\d{3})\d*/, '$1')) < time)
    .length;
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

  it('the app is down when deliveries arrive: redelivered by the Resiliency policy once it is back, nothing dead-lettered; only daprd 1.14 false successes go missing', async () => {
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
    const reopening = Date.now();
    await app.reopen();

    const missing = () => whileDown.filter((id) => !handled.has(id));
    const allArrived = await waitFor(
      () => missing().length === 0,
      'the events published while the app was down',
      30_000,
    )
      .then(() => true)
      .catch(() => false);
    if (!allArrived) {
      // daprd 1.14 defect (seen about 1 run in 25 under load): while the app refuses connections,
      // an attempt can end as "Recovered processing operation ... after N attempts" although the
      // app received nothing, and the record is committed: lost, not dead-lettered. Tolerated
      // only for as many events as daprd logged such successes before the app listened again.
      const lost = missing();
      const falseSuccesses = recoveriesBefore(daprd.output.slice(logMark), reopening);
      const report =
        `${lost.length} of ${whileDown.length} events never reached the app: ${lost.join(' ')}\n` +
        `daprd reported ${falseSuccesses} delivery success(es) while the app was down\n` +
        `${await describeGroup(appId, topic)}\napp replies:\n${replies(app)}\n${daprd.logTail(30)}`;
      if (falseSuccesses < lost.length) throw new Error(report);
      console.warn(`daprd 1.14 lost events it reported delivered to a down app.\n${report}`);
    }
    await expectAllCommitted(appId, topic);
    expect(await dlqSize(topic)).toBe(0);
  });
});
