import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import {
  assertOffline,
  isPng,
  launchChromium,
  openOffline,
  screenshot,
} from '../../tools/chromium/browser.cjs';
import {
  createWorkspace,
  installKafkaEvents,
  repoRoot,
  type Workspace,
} from '../utils/nx-workspace.cjs';

/**
 * Who produces and who consumes each event, in one integrated workspace: `api` publishes task
 * events with the generated kafkajs producer, `notifier` handles them with the generated kafkajs
 * consumer, `auditor` subscribes through its Dapr Subscription manifest only (no import of the
 * library). `kafka-events flow` must find exactly these, its page must render in Chromium, a
 * contract change must affect all three apps, and retiring a version still consumed must fail.
 */
describe('the event flow of a workspace', () => {
  let ws: Workspace;
  let importPath: string;
  const lib = 'libs/tasks-events';

  const sh = (args: string[]) => ws.run('npx', ['--no-install', 'kafka-events', ...args]);
  const flowJson = () => JSON.parse(sh(['flow', '--json']).stdout) as FlowJson;
  const edit = (path: string, change: (text: string) => string) => {
    const before = ws.read(path);
    const after = change(before);
    expect(after).not.toBe(before);
    ws.write(path, after);
  };
  const restore = () => {
    ws.git(['checkout', '--', '.']);
    ws.git(['clean', '-fdq']);
  };

  function addApp(name: string, code: string) {
    ws.nx([
      'g',
      '@nx/js:library',
      `apps/${name}`,
      '--bundler=tsc',
      '--unitTestRunner=none',
      '--linter=none',
      '--no-interactive',
    ]);
    const config = ws.readJson(`apps/${name}/project.json`);
    ws.write(
      `apps/${name}/project.json`,
      JSON.stringify({ ...config, projectType: 'application' }, null, 2) + '\n',
    );
    if (code) ws.write(`apps/${name}/src/lib/${name}.ts`, code);
  }

  beforeAll(() => {
    ws = createWorkspace({ preset: 'apps' });
    installKafkaEvents(ws);
    ws.nx(['g', 'kafka-events:domain', 'tasks', '--no-interactive']);
    const paths: Record<string, string[]> = ws.readJson('tsconfig.base.json').compilerOptions.paths;
    importPath = Object.keys(paths).find((p) =>
      paths[p][0].replace(/^\.\//, '').startsWith(`${lib}/`),
    )!;

    addApp(
      'api',
      [
        `import { Kafka } from 'kafkajs';`,
        `import { createTaskEvent, createTasksProducer } from '${importPath}';`,
        ``,
        `const task_id = '5f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10';`,
        `const user_id = 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f';`,
        ``,
        `export async function api(kafka: Kafka): Promise<void> {`,
        `  const producer = createTasksProducer(kafka);`,
        `  await producer.publish(createTaskEvent('task.created.v1', { task_id, user_id, title: 'Report' }));`,
        `  await producer.publish(`,
        `    createTaskEvent('task.completed.v1', {`,
        `      task_id,`,
        `      user_id,`,
        `      title: 'Report',`,
        `      completed_at: new Date().toISOString(),`,
        `    }),`,
        `  );`,
        `}`,
        ``,
      ].join('\n'),
    );
    addApp(
      'notifier',
      [
        `import { Kafka } from 'kafkajs';`,
        `import { createTasksConsumer } from '${importPath}';`,
        ``,
        `export function notifier(kafka: Kafka) {`,
        `  return createTasksConsumer(kafka, {`,
        `    groupId: 'notifier',`,
        `    handlers: {`,
        `      'task.created.v1': async (event) => console.log('new task', event.payload.title),`,
        `      'task.completed.v1': async (event) => console.log('done', event.payload.title),`,
        `    },`,
        `  });`,
        `}`,
        ``,
      ].join('\n'),
    );
    addApp('auditor', '');
    ws.nx(['g', 'kafka-events:dapr', '--project', 'auditor', '--domains', 'tasks']);
    // manifests only: the routes module would import the library (an edge of its own)
    ws.run('rm', ['apps/auditor/src/dapr/tasks.routes.ts']);
    ws.nx(['run', 'tasks-events:events-schemas', '--outputStyle=static']);
    ws.commitAll('tasks domain, its producer and two consumers');
  });

  afterAll(() => {
    if (ws && !process.env.KAFKA_EVENTS_E2E_KEEP) ws.remove();
  });

  it('the three apps build on the library as written', () => {
    expect(ws.read('apps/auditor/dapr/subscriptions/task-events.yaml')).toContain(
      'task.created.v1',
    );
    expect(ws.exists('apps/auditor/src/dapr/tasks.routes.ts')).toBe(false);
    const built = ws.nx([
      'run-many',
      '-t',
      'build',
      '--projects=api,notifier',
      '--outputStyle=static',
    ]);
    expect(built.output).toMatch(/Successfully ran target build for 2 projects/);
  });

  it('kafka-events flow --json lists exactly the producers and consumers of each version', () => {
    const flow = flowJson();
    const table = Object.fromEntries(
      flow.events.map((e) => [
        e.type,
        { topic: e.topic, library: e.library, producers: e.producers, consumers: e.consumers },
      ]),
    );
    const tasks = { topic: 'task-events', library: 'tasks-events' };
    expect(table).toEqual({
      'task.completed.v1': { ...tasks, producers: ['api'], consumers: ['auditor', 'notifier'] },
      'task.created.v1': { ...tasks, producers: ['api'], consumers: ['auditor', 'notifier'] },
      'task.deleted.v1': { ...tasks, producers: [], consumers: ['auditor'] },
      'task.updated.v1': { ...tasks, producers: [], consumers: ['auditor'] },
    });
    expect(flow.unresolved).toEqual([]);
    // each site points at the line that publishes or handles the event
    const created = flow.events.find((e) => e.type === 'task.created.v1')!;
    expect(created.sites).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          project: 'api',
          role: 'producer',
          channel: 'kafkajs',
          file: 'apps/api/src/lib/api.ts',
          line: 9,
        }),
        expect.objectContaining({
          project: 'notifier',
          role: 'consumer',
          channel: 'kafkajs',
          file: 'apps/notifier/src/lib/notifier.ts',
          line: 8,
        }),
        expect.objectContaining({
          project: 'auditor',
          role: 'consumer',
          channel: 'dapr-manifest',
          file: 'apps/auditor/dapr/subscriptions/task-events.yaml',
        }),
      ]),
    );
    // the default output is a table naming the same
    const text = sh(['flow']).stdout;
    for (const word of ['task.created.v1', 'task-events', 'api', 'notifier', 'auditor'])
      expect(text).toContain(word);
  });

  describe('the page', () => {
    let chromium: Awaited<ReturnType<typeof launchChromium>>;
    let context: BrowserContext;
    beforeAll(async () => {
      chromium = await launchChromium();
      context = chromium.context;
    });
    afterAll(async () => {
      await chromium?.close();
    });

    it('--out flow.html writes a page that renders in Chromium without the network', async () => {
      sh(['flow', '--out', 'flow.html']);
      const opened = await openOffline(context, ws.read('flow.html'));
      assertOffline(opened);
      const { page } = opened;
      const row = (type: string) => page.locator(`tr[data-event="${type}"]`);
      for (const type of [
        'task.created.v1',
        'task.completed.v1',
        'task.updated.v1',
        'task.deleted.v1',
      ])
        expect(await row(type).isVisible()).toBe(true);
      const projects = (type: string, side: 'producers' | 'consumers') =>
        row(type)
          .locator(`.${side} [data-project]`)
          .evaluateAll((els) => els.map((el) => el.getAttribute('data-project')));
      expect(await projects('task.created.v1', 'producers')).toEqual(['api']);
      expect(await projects('task.created.v1', 'consumers')).toEqual(['auditor', 'notifier']);
      expect(await row('task.deleted.v1').locator('.statuses').innerText()).toBe(
        'consumed, no longer produced',
      );
      const file = resolve(repoRoot, 'tmp/e2e-flow/flow.png');
      expect(await screenshot(page, file)).toBeGreaterThan(10_000);
      expect(isPng(file)).toBe(true);
      await page.close();
      restore();
    });
  });

  it('reads an event passed in as a typed parameter and a handler map imported from another module', () => {
    // a failure here must not leave these files to the next cases
    try {
      ws.write(
        'apps/api/src/lib/relay.ts',
        [
          `import type { Kafka } from 'kafkajs';`,
          `import { createTasksProducer, type TaskEventOf } from '${importPath}';`,
          ``,
          `type Change = TaskEventOf<'task.updated.v1' | 'task.deleted.v1'>;`,
          ``,
          `export async function relay(kafka: Kafka, change: Change): Promise<void> {`,
          `  const producer = createTasksProducer(kafka);`,
          `  await producer.publish(change);`,
          `}`,
          ``,
        ].join('\n'),
      );
      ws.write(
        'apps/notifier/src/lib/handlers.ts',
        [
          `export const deletionHandlers = {`,
          `  'task.deleted.v1': async () => console.log('task deleted'),`,
          `};`,
          ``,
        ].join('\n'),
      );
      ws.write(
        'apps/notifier/src/lib/deletions.ts',
        [
          `import type { Kafka } from 'kafkajs';`,
          `import { createTasksConsumer } from '${importPath}';`,
          `import { deletionHandlers } from './handlers';`,
          ``,
          `export const deletions = (kafka: Kafka) =>`,
          `  createTasksConsumer(kafka, { groupId: 'deletions', handlers: deletionHandlers });`,
          ``,
        ].join('\n'),
      );
      const flow = flowJson();
      const sites = (type: string) =>
        flow.events
          .find((e) => e.type === type)!
          .sites.filter((s) => s.channel === 'kafkajs')
          .map((s) => `${s.role} ${s.project} ${s.file}:${s.line}`);
      expect(sites('task.updated.v1')).toEqual(['producer api apps/api/src/lib/relay.ts:8']);
      expect(sites('task.deleted.v1')).toEqual([
        'producer api apps/api/src/lib/relay.ts:8',
        'consumer notifier apps/notifier/src/lib/deletions.ts:6',
      ]);
      expect(flow.unresolved).toEqual([]);
    } finally {
      restore();
    }
  });

  it('nx affected after a contract change includes all three apps', () => {
    edit(`${lib}/src/lib/payloads/task-created.v1.ts`, (text) =>
      text.replace(
        'title: z.string().min(1).max(200),',
        'title: z.string().min(1).max(200),\n  source: z.string().max(100).optional(),',
      ),
    );
    const affected = JSON.parse(
      ws.nx(['show', 'projects', '--affected', '--base=HEAD', '--json']).stdout,
    ) as string[];
    expect(affected.sort()).toEqual(['api', 'auditor', 'notifier', 'tasks-events']);
    // auditor's edge comes from its Subscription manifest, not from an import
    ws.nx(['graph', '--file=graph.json']);
    const edges: Array<{ target: string }> =
      ws.readJson('graph.json').graph.dependencies.auditor ?? [];
    expect(edges.map((e) => e.target)).toContain('tasks-events');
    restore();
  });

  it('retiring a version still consumed fails events-compat and names its consumers', () => {
    ws.nx(['g', 'kafka-events:event', 'tasks', 'created', '--eventVersion=2', '--no-interactive']);
    ws.nx(['run', 'tasks-events:events-schemas', '--outputStyle=static', '--skip-nx-cache']);
    ws.commitAll('task.created.v2');
    // v1 is now an old version both apps still read: the flow says so
    const v1 = flowJson().events.find((e) => e.type === 'task.created.v1')!;
    expect(v1.status).toContain('old-version-consumed');

    edit(`${lib}/kafka-events.json`, (text) => {
      const config = JSON.parse(text);
      const created = config.events.find((e: { name: string }) => e.name === 'created');
      created.versions = created.versions.filter((v: number) => v !== 1);
      return JSON.stringify(config, null, 2) + '\n';
    });
    const check = ws.nx(
      ['run', 'tasks-events:events-compat', '--outputStyle=static', '--skip-nx-cache'],
      { allowFailure: true },
    );
    expect(check.status).not.toBe(0);
    const retired = check.output.split('\n').filter((l) => l.includes('task.created.v1'));
    expect(retired.join('\n')).toMatch(/notifier/);
    expect(retired.join('\n')).toMatch(/auditor/);
    restore();
  });

  it('lists a Python service that uses the generated module as a producer and a consumer', () => {
    const app = 'apps/py-notifier';
    ws.run('mkdir', ['-p', app]);
    ws.write(
      `${app}/project.json`,
      JSON.stringify({ name: 'py-notifier', root: app, projectType: 'application' }, null, 2) +
        '\n',
    );
    ws.nx(['g', 'kafka-events:python', 'tasks', '--project=py-notifier', '--no-interactive']);
    expect(ws.exists(`${app}/task_events.py`)).toBe(true);
    // a FastAPI service behind its Dapr sidecar, as Python users of the module write one
    ws.write(
      `${app}/main.py`,
      [
        `from fastapi import FastAPI, Request`,
        `from task_events import (`,
        `    TaskEvent,`,
        `    TaskEventType,`,
        `    TaskUpdatedPayload,`,
        `    handle_task_delivery,`,
        `    publish_task_event,`,
        `)`,
        ``,
        `app = FastAPI()`,
        ``,
        ``,
        `async def on_created(event: TaskEvent) -> None:`,
        `    # "publish_task_event(...)" in a comment or string is no call`,
        `    update = TaskEvent(`,
        `        event_type=TaskEventType.UPDATED_V1,`,
        `        payload=TaskUpdatedPayload(task_id=event.payload.task_id, changes={"seen": True}),`,
        `    )`,
        `    await publish_task_event(update)`,
        ``,
        ``,
        `HANDLERS = {TaskEventType.CREATED_V1: on_created, "task.deleted.v1": print}`,
        ``,
        ``,
        `@app.post("/events/task-events/{event_type}")`,
        `async def task_events(request: Request):`,
        `    return await handle_task_delivery(await request.body(), HANDLERS)`,
        ``,
      ].join('\n'),
    );
    // the fixture is Python as CPython reads it (syntax only: no FastAPI needed)
    ws.run('python3', [
      '-c',
      'import ast, sys; ast.parse(open(sys.argv[1]).read())',
      `${app}/main.py`,
    ]);

    const flow = flowJson();
    const row = (type: string) => {
      const event = flow.events.find((e) => e.type === type)!;
      return [event.producers, event.consumers];
    };
    expect(row('task.created.v1')).toEqual([['api'], ['auditor', 'notifier', 'py-notifier']]);
    expect(row('task.updated.v1')).toEqual([['py-notifier'], ['auditor']]);
    expect(row('task.deleted.v1')).toEqual([[], ['auditor', 'py-notifier']]);
    expect(flow.unresolved).toEqual([]);
    const python = flow.events.flatMap((e) =>
      e.sites
        .filter((s) => s.channel === 'python')
        .map((s) => `${e.type} ${s.role} ${s.file}:${s.line}`),
    );
    expect(python.sort()).toEqual([
      `task.created.v1 consumer ${app}/main.py:22`,
      `task.deleted.v1 consumer ${app}/main.py:22`,
      `task.updated.v1 producer ${app}/main.py:19`,
    ]);
    restore();
  });
});

interface FlowJson {
  events: Array<{
    type: string;
    topic: string;
    library: string;
    producers: string[];
    consumers: string[];
    status: string[];
    sites: Array<{ project: string; role: string; channel: string; file: string; line: number }>;
  }>;
  unresolved: Array<{ file: string; line: number; reason: string }>;
}
