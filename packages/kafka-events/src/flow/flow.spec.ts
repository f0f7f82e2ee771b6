import { resolve } from 'node:path';
import { readJson, type Tree } from '@nx/devkit';
import { daprGenerator } from '../generators/dapr/dapr';
import type { DaprGeneratorSchema } from '../generators/dapr/schema';
import { domainGenerator } from '../generators/domain/domain';
import type { DomainGeneratorSchema } from '../generators/domain/schema';
import {
  addApplication as addApp,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../generators/testing/workspaces';
import type { EventFlow } from './model';
import { readEventFlow } from './read-flow';
import { bumpTaskCreated } from './testing/bump-task-created';
import { treeWorkspace } from './testing/tree-workspace';

/** A workspace with the tasks library; its import specifier as the workspace style makes it. */
async function withTasks(style: 'ts-solution' | 'integrated') {
  const tree = style === 'ts-solution' ? createTsSolutionWorkspace() : createIntegratedWorkspace();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
  const lib = style === 'ts-solution' ? 'packages/tasks-events' : 'libs/tasks-events';
  const importPath =
    style === 'ts-solution'
      ? (readJson(tree, `${lib}/package.json`).name as string)
      : Object.keys(readJson(tree, 'tsconfig.base.json').compilerOptions.paths)[0];
  return { tree, lib, importPath };
}

const dapr = (tree: Tree, project: string) =>
  daprGenerator(tree, { project, domains: 'tasks', skipFormat: true } as DaprGeneratorSchema);

// the specs that build a type-checker program (zod's and the runtime's declarations) take
// seconds on a loaded machine
jest.setTimeout(120_000);

/** The repository: its node_modules give the type checker the runtime's and zod's types. */
const REPO = resolve(__dirname, '../../../..');

const flowOf = (tree: Tree): EventFlow =>
  readEventFlow(treeWorkspace(tree), { cacheFile: null, packagesFrom: REPO });

/** type -> [producers, consumers] */
const table = (flow: EventFlow) =>
  Object.fromEntries(flow.events.map((e) => [e.type, [e.producers, e.consumers]]));

describe.each(['ts-solution', 'integrated'] as const)(
  'kafka-events flow in a %s workspace',
  (style) => {
    it('finds the producer, the kafkajs consumer, the Dapr app and the manifest-only app', async () => {
      const { tree, importPath } = await withTasks(style);
      addApp(tree, 'api');
      tree.write(
        'apps/api/src/main.ts',
        `import { Kafka } from 'kafkajs';
import { createTaskEvent, createTasksProducer, TaskEventType } from '${importPath}';

const producer = createTasksProducer(new Kafka({ brokers: ['localhost:9092'] }));
const created = createTaskEvent('task.created.v1', {} as never);
await producer.publish(created);
await producer.publishMany([createTaskEvent(TaskEventType.UPDATED_V1, {} as never)]);
`,
      );
      tree.write('apps/api/src/main.spec.ts', `import '${importPath}'; // specs are not the flow`);
      addApp(tree, 'notifier');
      tree.write(
        'apps/notifier/src/main.ts',
        `import { Kafka } from 'kafkajs';
import { createTasksConsumer, TaskEventType as T } from '${importPath}';

export const consumer = createTasksConsumer(new Kafka({ brokers: [] }), {
  groupId: 'notifier',
  handlers: {
    'task.created.v1': async () => undefined,
    [T.DELETED_V1]: async () => undefined,
  },
});
`,
      );
      addApp(tree, 'board');
      await dapr(tree, 'board');
      addApp(tree, 'audit');
      await dapr(tree, 'audit');
      tree.delete('apps/audit/src/dapr/tasks.routes.ts');

      const flow = flowOf(tree);

      expect(table(flow)).toEqual({
        'task.completed.v1': [[], ['audit', 'board']],
        'task.created.v1': [['api'], ['audit', 'board', 'notifier']],
        'task.deleted.v1': [[], ['audit', 'board', 'notifier']],
        'task.updated.v1': [['api'], ['audit', 'board']],
      });
      const created = flow.events.find((e) => e.type === 'task.created.v1')!;
      expect(created).toMatchObject({
        topic: 'task-events',
        library: 'tasks-events',
        latest: true,
      });
      expect(created.status).toEqual([]);
      expect(created.sites).toEqual([
        {
          project: 'api',
          role: 'producer',
          channel: 'kafkajs',
          file: 'apps/api/src/main.ts',
          line: 6,
        },
        {
          project: 'audit',
          role: 'consumer',
          channel: 'dapr-manifest',
          file: 'apps/audit/dapr/subscriptions/task-events.yaml',
          line: 12,
        },
        {
          project: 'board',
          role: 'consumer',
          channel: 'dapr-manifest',
          file: 'apps/board/dapr/subscriptions/task-events.yaml',
          line: 12,
        },
        {
          project: 'board',
          role: 'consumer',
          channel: 'dapr-routes',
          file: 'apps/board/src/dapr/tasks.routes.ts',
          line: 21,
        },
        {
          project: 'notifier',
          role: 'consumer',
          channel: 'kafkajs',
          file: 'apps/notifier/src/main.ts',
          line: 7,
        },
      ]);
      expect(flow.events.find((e) => e.type === 'task.completed.v1')!.status).toEqual([
        'consumed-not-produced',
      ]);
      expect(flow.unresolved).toEqual([]);
    });
  },
);

/** A service whose events are made in one module and published in another, by type. */
function writeTypedServices(tree: Tree, importPath: string) {
  addApp(tree, 'api');
  tree.write(
    'apps/api/src/events.ts',
    `import { createTaskEvent, type TaskEventOf } from '${importPath}';

export function taskCreated(id: string) {
  return createTaskEvent('task.created.v1', { task_id: id } as never);
}

export const taskCompleted = (id: string): TaskEventOf<'task.completed.v1'> =>
  createTaskEvent('task.completed.v1', { task_id: id } as never);
`,
  );
  tree.write(
    'apps/api/src/routes.ts',
    `import { Kafka } from 'kafkajs';
import { createTasksProducer, type TaskEvent, type TaskEventOf } from '${importPath}';
import { taskCompleted, taskCreated } from './events';

const producer = createTasksProducer(new Kafka({ brokers: ['localhost:9092'] }));

export async function create(id: string) {
  await producer.publish(taskCreated(id));
}

export async function completeAll(ids: string[]) {
  await producer.publishMany(ids.map(taskCompleted));
}

export async function relay(event: TaskEventOf<'task.updated.v1' | 'task.deleted.v1'>) {
  await producer.publish(event);
}

export async function forward(event: TaskEvent) {
  await producer.publish(event);
}
`,
  );
  tree.write(
    'apps/api/src/service.ts',
    `import { createTasksDaprPublisher } from '${importPath}';
import { taskCompleted } from './events';

type Publisher = ReturnType<typeof createTasksDaprPublisher>;

export class CompletionService {
  constructor(private readonly publisher: Publisher) {}

  async complete(id: string) {
    await this.publisher.publish(taskCompleted(id));
  }
}

export const log = (bus: { publish(event: unknown): void }, id: string) =>
  bus.publish(taskCompleted(id));
`,
  );
  // no import of the library at all: the producer and the event come from the app's modules
  tree.write(
    'apps/api/src/kafka.ts',
    `import { Kafka } from 'kafkajs';
import { createTasksProducer } from '${importPath}';

export const producer = createTasksProducer(new Kafka({ brokers: ['localhost:9092'] }));
`,
  );
  tree.write(
    'apps/api/src/jobs.ts',
    `import { taskCompleted, taskCreated } from './events';
import { producer } from './kafka';

export const nightly = () => producer.publish(taskCreated('nightly'));
export const batch = () => producer.publishMany([taskCreated('a'), taskCompleted('b')]);
`,
  );
  addApp(tree, 'notifier');
  tree.write(
    'apps/notifier/src/handlers.ts',
    `import { TaskEventType } from '${importPath}';

export const taskHandlers = {
  'task.created.v1': async () => undefined,
  [TaskEventType.DELETED_V1]: async () => undefined,
};

export const maybeHandlers: Partial<typeof taskHandlers> = {};

export const auditOptions = {
  groupId: 'audit',
  handlers: { 'task.completed.v1': async () => undefined },
};
`,
  );
  tree.write(
    'apps/notifier/src/main.ts',
    `import { Kafka } from 'kafkajs';
import { createTasksConsumer } from '${importPath}';
import { auditOptions, maybeHandlers, taskHandlers } from './handlers';

const kafka = new Kafka({ brokers: ['localhost:9092'] });
export const consumer = createTasksConsumer(kafka, { groupId: 'notifier', handlers: taskHandlers });

const options = {
  groupId: 'notifier-updates',
  handlers: { ...taskHandlers, 'task.updated.v1': async () => undefined },
};
export const updates = createTasksConsumer(kafka, options);
export const maybe = createTasksConsumer(kafka, { groupId: 'maybe', handlers: maybeHandlers });
export const audit = createTasksConsumer(kafka, auditOptions);
`,
  );
}

describe.each(['ts-solution', 'integrated'] as const)(
  'kafka-events flow across modules, by type, in a %s workspace',
  (style) => {
    it('reads the event types of published values and imported handler maps from their types', async () => {
      const { tree, importPath } = await withTasks(style);
      writeTypedServices(tree, importPath);

      const flow = flowOf(tree);

      const completed = flow.events.find((e) => e.type === 'task.completed.v1')!;
      expect(completed.sites.map((s) => [s.file, s.channel])).toContainEqual([
        'apps/api/src/service.ts',
        'dapr',
      ]);
      expect(table(flow)).toEqual({
        'task.completed.v1': [['api'], ['notifier']],
        'task.created.v1': [['api'], ['notifier']],
        'task.deleted.v1': [['api'], ['notifier']],
        'task.updated.v1': [['api'], ['notifier']],
      });
      const sites = flow.events.flatMap((e) =>
        e.sites.map((s) => `${e.type} ${s.role} ${s.file}:${s.line}`),
      );
      // the service's publisher is a constructor parameter: its type says it is the generated
      // Dapr publisher; the bus of log() is not a producer, and log() is no producer site
      expect(sites.sort()).toEqual([
        'task.completed.v1 consumer apps/notifier/src/main.ts:14',
        'task.completed.v1 producer apps/api/src/jobs.ts:5',
        'task.completed.v1 producer apps/api/src/routes.ts:12',
        'task.completed.v1 producer apps/api/src/service.ts:10',
        'task.created.v1 consumer apps/notifier/src/main.ts:10',
        'task.created.v1 consumer apps/notifier/src/main.ts:6',
        'task.created.v1 producer apps/api/src/jobs.ts:4',
        'task.created.v1 producer apps/api/src/jobs.ts:5',
        'task.created.v1 producer apps/api/src/routes.ts:8',
        'task.deleted.v1 consumer apps/notifier/src/main.ts:10',
        'task.deleted.v1 consumer apps/notifier/src/main.ts:6',
        'task.deleted.v1 producer apps/api/src/routes.ts:16',
        'task.updated.v1 consumer apps/notifier/src/main.ts:10',
        'task.updated.v1 producer apps/api/src/routes.ts:16',
      ]);
      // a value typed as any event of the library, or a map whose handlers are all optional,
      // says nothing: reported, never guessed
      expect(flow.unresolved.map((u) => `${u.file}:${u.line}: ${u.reason}`)).toEqual([
        'apps/api/src/routes.ts:20: an event given to publish(...) is built elsewhere: its type allows every event type of the library, not which one',
        'apps/notifier/src/main.ts:13: the handler map of createTasksConsumer(...) is built elsewhere: its type makes the handler of task.created.v1 optional, so which handlers are there is not known',
      ]);
    });
  },
);

describe('kafka-events flow', () => {
  it('follows aliases, namespace imports, the runtime factories and the Dapr publisher', async () => {
    const { tree, importPath } = await withTasks('ts-solution');
    addApp(tree, 'worker');
    tree.write(
      'apps/worker/src/main.ts',
      `import { createConsumer, createDaprPublisher } from '@kafka-events/runtime';
import * as tasks from '${importPath}';
import { tasksDomain as domain, createTaskEvent as make } from '${importPath}';

const handlers = { 'task.completed.v1': async () => undefined } as const;
createConsumer(domain, kafka, { groupId: 'w', handlers });
const publisher = createDaprPublisher(tasks.tasksDomain);
await publisher.publishBulk([make(tasks.TaskEventType.DELETED_V1, {} as never)]);
tasks.createTasksDaprPublisher().publish(tasks.createTaskEvent('task.updated.v1', {} as never));
`,
    );
    const flow = flowOf(tree);
    expect(table(flow)).toMatchObject({
      'task.completed.v1': [[], ['worker']],
      'task.deleted.v1': [['worker'], []],
      'task.updated.v1': [['worker'], []],
    });
    expect(flow.events.flatMap((e) => e.sites.map((s) => [e.type, s.channel, s.line]))).toEqual([
      ['task.completed.v1', 'kafkajs', 5],
      ['task.deleted.v1', 'dapr', 8],
      ['task.updated.v1', 'dapr', 9],
    ]);
    expect(flow.unresolved).toEqual([]);
  });

  it('reports with file and line what it cannot resolve, and counts none of it', async () => {
    const { tree, importPath } = await withTasks('ts-solution');
    addApp(tree, 'odd');
    tree.write(
      'apps/odd/src/main.ts',
      `import { createTaskEvent, createTasksConsumer, createTasksProducer } from '${importPath}';
import { handlers, moreHandlers, options } from './handlers';

const producer = createTasksProducer(kafka);
export async function send(type: Parameters<typeof createTaskEvent>[0], event: never) {
  await producer.publish(createTaskEvent(type, {} as never));
  await producer.publish(event);
}
createTasksConsumer(kafka, { groupId: 'a', handlers });
createTasksConsumer(kafka, options);
createTasksConsumer(kafka, {
  groupId: 'b',
  handlers: { ...moreHandlers, 'task.renamed.v1': async () => undefined },
});
someBus.publish(createTaskEvent('task.created.v1', {} as never));
`,
    );
    const flow = flowOf(tree);
    expect(flow.events.every((e) => e.producers.length === 0 && e.consumers.length === 0)).toBe(
      true,
    );
    expect(flow.unresolved.map((u) => `${u.file}:${u.line}: ${u.reason}`)).toEqual([
      'apps/odd/src/main.ts:6: computed event type in createTaskEvent(...): its type allows every event type of the library, not which one',
      'apps/odd/src/main.ts:7: an event given to publish(...) is built elsewhere: its type is never',
      'apps/odd/src/main.ts:9: the handler map of createTasksConsumer(...) is built elsewhere: its type is any',
      'apps/odd/src/main.ts:10: the options of createTasksConsumer(...) are built elsewhere: its type is any',
      'apps/odd/src/main.ts:13: "task.renamed.v1" is no event type of tasks-events (known: task.created.v1, task.updated.v1, task.completed.v1, task.deleted.v1)',
      'apps/odd/src/main.ts:13: a spread in the handler map of createTasksConsumer(...): its type is any',
      'apps/odd/src/main.ts:15: someBus.publish(...) publishes events of an event library through something the analysis cannot trace to a generated producer or Dapr publisher',
    ]);
    expect(flow.unresolved.every((u) => u.project === 'odd')).toBe(true);
  });

  it('marks an old version that is still consumed, and unused versions', async () => {
    const { tree, importPath } = await withTasks('ts-solution');
    await bumpTaskCreated(tree);
    addApp(tree, 'api');
    tree.write(
      'apps/api/src/main.ts',
      `import { createTaskEvent, createTasksDaprPublisher } from '${importPath}';
await createTasksDaprPublisher().publish(createTaskEvent('task.created.v2', {} as never));
`,
    );
    addApp(tree, 'legacy');
    tree.write(
      'apps/legacy/src/main.ts',
      `import { createTasksDaprHandler } from '${importPath}';
export const handler = createTasksDaprHandler({ handlers: { 'task.created.v1': () => undefined } });
`,
    );
    const flow = flowOf(tree);
    const status = Object.fromEntries(flow.events.map((e) => [e.type, [e.latest, e.status]]));
    expect(status).toEqual({
      'task.completed.v1': [true, ['unused']],
      'task.created.v1': [false, ['consumed-not-produced', 'old-version-consumed']],
      'task.created.v2': [true, ['produced-not-consumed']],
      'task.deleted.v1': [true, ['unused']],
      'task.updated.v1': [true, ['unused']],
    });
  });
});
