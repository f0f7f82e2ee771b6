import { readJson, type Tree } from '@nx/devkit';
import { domainGenerator } from '../domain/domain';
import type { DomainGeneratorSchema } from '../domain/schema';
import { notPrettierClean } from '../testing/prettier-check';
import {
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../testing/workspaces';
import { eventGenerator } from './event';
import type { EventGeneratorSchema } from './schema';

async function domain(tree: Tree, options: Partial<DomainGeneratorSchema> & { name: string }) {
  await domainGenerator(tree, { skipFormat: true, ...options });
}

async function event(tree: Tree, options: Partial<EventGeneratorSchema>) {
  return eventGenerator(tree, { skipFormat: true, ...options } as EventGeneratorSchema);
}

/** Every file of the tree (path -> text), to prove a run changed nothing. */
function snapshotOf(tree: Tree): Record<string, string | null> {
  return changedFiles(tree);
}

const LIB = 'packages/tasks-events';
const read = (tree: Tree, path: string) => tree.read(`${LIB}/${path}`, 'utf-8') ?? '';

describe('event generator', () => {
  let tree: Tree;
  beforeEach(async () => {
    tree = createTsSolutionWorkspace();
    await domain(tree, { name: 'tasks' });
  });

  describe('a new event', () => {
    it('adds its case before the `never` default of a spec made by 0.3.0', async () => {
      const spec = `${LIB}/src/lib/domain.spec.ts`;
      const legacy = read(tree, 'src/lib/domain.spec.ts').replace(
        /(return event\.payload\.task_id;\n)(\s*)\}\n(\s*)\};/,
        '$1$2  default: {\n$2    const unreachable: never = event;\n$2    return unreachable;\n$2  }\n$2}\n$3};',
      );
      expect(legacy).toContain('const unreachable: never = event;');
      tree.write(spec, legacy);
      await event(tree, { domain: 'tasks', name: 'archived' });
      expect(read(tree, 'src/lib/domain.spec.ts')).toContain(
        '          case TaskEventType.ARCHIVED_V1:\n            return event.payload.task_id;\n          default: {',
      );
    });

    it('adds the payload module, constants, definition, export, spec and config entry', async () => {
      const before = new Set(Object.keys(snapshotOf(tree)));
      await event(tree, { domain: 'tasks', name: 'archived' });
      const added = Object.keys(snapshotOf(tree)).filter((p) => !before.has(p));
      expect(added.sort()).toEqual([
        `${LIB}/src/lib/payloads/task-archived.v1.spec.ts`,
        `${LIB}/src/lib/payloads/task-archived.v1.ts`,
      ]);
      expect(read(tree, 'src/lib/payloads/task-archived.v1.ts')).toContain(
        'export const TaskArchivedV1Payload = z.object({\n  task_id: z.uuid(),\n  user_id: z.uuid(),\n  archived_at: z.iso.datetime(),\n});',
      );
      expect(read(tree, 'src/lib/event-types.ts')).toContain(
        "  DELETED_V1: 'task.deleted.v1',\n  ARCHIVED: 'task.archived',\n  ARCHIVED_V1: 'task.archived.v1',\n} as const;",
      );
      const domainTs = read(tree, 'src/lib/domain.ts');
      expect(domainTs).toContain(
        "import { TaskDeletedV1Payload } from './payloads/task-deleted.v1.js';\nimport { TaskArchivedV1Payload } from './payloads/task-archived.v1.js';\n",
      );
      expect(domainTs).toContain(
        "export const TaskArchivedV1 = defineEvent({\n  type: TaskEventType.ARCHIVED_V1,\n  name: TaskEventType.ARCHIVED,\n  version: 1,\n  key: 'task_id',\n  payload: TaskArchivedV1Payload,\n});\n\n/** The tasks domain",
      );
      expect(domainTs).toContain('    TaskDeletedV1,\n    TaskArchivedV1,\n  ] as const,');
      expect(read(tree, 'src/index.ts')).toContain(
        "export * from './lib/payloads/task-deleted.v1.js';\nexport * from './lib/payloads/task-archived.v1.js';\n",
      );
      expect(read(tree, 'src/lib/domain.spec.ts')).toContain(
        '          case TaskEventType.ARCHIVED_V1:\n            return event.payload.task_id;\n        }\n',
      );
      expect(readJson(tree, `${LIB}/kafka-events.json`).events.at(-1)).toEqual({
        name: 'archived',
        type: 'task.archived',
        versions: [1],
        key: 'task_id',
      });
    });

    it('finds the library by project name too, in an integrated workspace', async () => {
      const integrated = createIntegratedWorkspace();
      await domain(integrated, { name: 'orders', events: 'placed' });
      await event(integrated, { domain: 'orders-events', name: 'status-changed' });
      const types = integrated.read('libs/orders-events/src/lib/event-types.ts', 'utf-8');
      expect(types).toContain("  STATUS_CHANGED_V1: 'order.status-changed.v1',");
      expect(
        integrated.exists('libs/orders-events/src/lib/payloads/order-status-changed.v1.ts'),
      ).toBe(true);
    });

    it('re-running the same command changes nothing', async () => {
      await event(tree, { domain: 'tasks', name: 'archived' });
      const after = snapshotOf(tree);
      await event(tree, { domain: 'tasks', name: 'archived' });
      await event(tree, { domain: 'tasks', name: 'archived', eventVersion: 1 });
      expect(snapshotOf(tree)).toEqual(after);
    });
  });

  describe('--bump and --eventVersion', () => {
    it('adds v2 as a copy of v1, both in the union, with an upcaster and its spec', async () => {
      await event(tree, { domain: 'tasks', name: 'created', bump: true });
      const v2 = read(tree, 'src/lib/payloads/task-created.v2.ts');
      const v1 = read(tree, 'src/lib/payloads/task-created.v1.ts');
      expect(v2).toBe(
        v1
          .replace(/TaskCreatedV1Payload/g, 'TaskCreatedV2Payload')
          .replace('`task.created.v1` (schema version 1)', '`task.created.v2` (schema version 2)'),
      );
      expect(read(tree, 'src/lib/event-types.ts')).toContain(
        "  CREATED_V1: 'task.created.v1',\n  CREATED_V2: 'task.created.v2',\n",
      );
      expect(read(tree, 'src/lib/domain.ts')).toContain('    TaskCreatedV1,\n    TaskCreatedV2,\n');
      expect(read(tree, 'src/lib/upcasters/task-created.v1-to-v2.ts')).toContain(
        'export function upcastTaskCreatedV1ToV2(event: From): To {',
      );
      expect(read(tree, 'src/lib/upcast.ts')).toContain(
        '  [TaskEventType.CREATED_V1]: upcastTaskCreatedV1ToV2,\n',
      );
      expect(read(tree, 'src/index.ts')).toMatch(/task-created\.v2\.js';\n[\s\S]*upcast\.js';\n$/);
      expect(tree.exists(`${LIB}/src/lib/upcasters/task-created.v1-to-v2.spec.ts`)).toBe(true);
      const created = readJson(tree, `${LIB}/kafka-events.json`).events[0];
      expect(created).toEqual({
        name: 'created',
        type: 'task.created',
        versions: [1, 2],
        key: 'task_id',
      });
    });

    it('chains further versions and steps into the same upcast module', async () => {
      await event(tree, { domain: 'tasks', name: 'created', bump: true });
      await event(tree, { domain: 'tasks', name: 'completed', eventVersion: 2 });
      await event(tree, { domain: 'tasks', name: 'created', eventVersion: 3 });
      const upcast = read(tree, 'src/lib/upcast.ts');
      expect(upcast).toContain(
        '  [TaskEventType.CREATED_V1]: upcastTaskCreatedV1ToV2,\n  [TaskEventType.COMPLETED_V1]: upcastTaskCompletedV1ToV2,\n  [TaskEventType.CREATED_V2]: upcastTaskCreatedV2ToV3,\n} as const;',
      );
      expect(read(tree, 'src/lib/domain.ts')).toContain(
        '    TaskCreatedV1,\n    TaskCreatedV2,\n    TaskCreatedV3,\n    TaskUpdatedV1,',
      );
      expect(readJson(tree, `${LIB}/kafka-events.json`).events[0].versions).toEqual([1, 2, 3]);
    });

    it('--eventVersion N of a version that exists identically changes nothing; --bump adds the next', async () => {
      await event(tree, { domain: 'tasks', name: 'created', eventVersion: 2 });
      const after = snapshotOf(tree);
      await event(tree, { domain: 'tasks', name: 'created', eventVersion: 2 });
      expect(snapshotOf(tree)).toEqual(after);
      await event(tree, { domain: 'tasks', name: 'created', bump: true });
      expect(tree.exists(`${LIB}/src/lib/payloads/task-created.v3.ts`)).toBe(true);
    });
  });

  describe('errors leave the tree untouched', () => {
    const cases: [string, Partial<EventGeneratorSchema>, RegExp][] = [
      [
        'unknown domain',
        { domain: 'orders', name: 'placed' },
        /Invalid --domain "orders": .*\(known: tasks \(tasks-events\)\)/,
      ],
      [
        'skipped version',
        { domain: 'tasks', name: 'created', eventVersion: 3 },
        /Invalid --eventVersion 3: skips a version: the latest version of task\.created is 1, so the next is 2/,
      ],
      [
        'first version not 1',
        { domain: 'tasks', name: 'archived', eventVersion: 2 },
        /task\.archived does not exist yet, so its first version is 1/,
      ],
      [
        '--bump of a new event',
        { domain: 'tasks', name: 'archived', bump: true },
        /task\.archived does not exist yet; add it without --bump/,
      ],
      [
        '--bump with another --eventVersion',
        { domain: 'tasks', name: 'created', bump: true, eventVersion: 3 },
        /--bump adds version 2 of task\.created/,
      ],
      [
        'uppercase name',
        { domain: 'tasks', name: 'Archived' },
        /Invalid --name "Archived": event names must be lowercase/,
      ],
      [
        'versioned name',
        { domain: 'tasks', name: 'archived.v1' },
        /Invalid --name "archived\.v1": give the bare event name/,
      ],
      ['missing name', { domain: 'tasks' }, /Invalid --name "": an event name is required/],
    ];
    it.each(cases)('%s', async (_label, options, message) => {
      const before = snapshotOf(tree);
      await expect(event(tree, options)).rejects.toThrow(message);
      expect(snapshotOf(tree)).toEqual(before);
    });

    it('--bump in a domain without versioned types', async () => {
      await domain(tree, { name: 'orders', events: 'placed', versioning: false });
      const before = snapshotOf(tree);
      await expect(event(tree, { domain: 'orders', name: 'placed', bump: true })).rejects.toThrow(
        /generated with --versioning=false: its event types carry no version \(order\.placed\)/,
      );
      expect(snapshotOf(tree)).toEqual(before);
    });

    it('an existing event whose v1 was edited is not overwritten', async () => {
      await event(tree, { domain: 'tasks', name: 'archived' });
      const path = `${LIB}/src/lib/payloads/task-archived.v1.ts`;
      tree.write(
        path,
        read(tree, 'src/lib/payloads/task-archived.v1.ts').replace('archived_at', 'at'),
      );
      const before = snapshotOf(tree);
      await expect(event(tree, { domain: 'tasks', name: 'archived' })).rejects.toThrow(
        /task\.archived already exists \(versions 1\) and .*task-archived\.v1\.ts is not what this command would write; add the next version with --bump \(or --eventVersion 2\)/,
      );
      expect(snapshotOf(tree)).toEqual(before);
    });
  });

  describe('files the user changed', () => {
    it('lands the edits after comments, reordered imports and extra code', async () => {
      const domainPath = `${LIB}/src/lib/domain.ts`;
      const original = read(tree, 'src/lib/domain.ts');
      const lines = original.split('\n');
      const imports = lines.filter((l) => l.startsWith('import '));
      const rest = lines.filter((l) => !l.startsWith('import '));
      const edited = [
        '// Owned by the tasks team.',
        ...[...imports].reverse(),
        ...rest,
        '/* a helper of ours */',
        'export const TASK_TOPIC = tasksDomain.topic;',
        '',
      ]
        .join('\n')
        .replace('    TaskDeletedV1,\n', '    TaskDeletedV1, // removed next quarter\n');
      tree.write(domainPath, edited);
      await event(tree, { domain: 'tasks', name: 'archived' });
      const result = read(tree, 'src/lib/domain.ts');
      // the import goes after the last import, whatever their order
      expect(result).toContain(
        `${imports[0]}\nimport { TaskArchivedV1Payload } from './payloads/task-archived.v1.js';\n`,
      );
      expect(result).toContain(
        '    TaskDeletedV1, // removed next quarter\n    TaskArchivedV1,\n  ] as const,',
      );
      expect(result).toContain('export const TASK_TOPIC = tasksDomain.topic;');
      expect(result.startsWith('// Owned by the tasks team.\n')).toBe(true);
    });

    it('fails naming the file and the expected shape, writing nothing', async () => {
      const domainPath = `${LIB}/src/lib/domain.ts`;
      tree.write(
        domainPath,
        read(tree, 'src/lib/domain.ts').replace(
          /events: \[[\s\S]*?\] as const,/,
          'events: ALL_EVENTS,',
        ),
      );
      const before = snapshotOf(tree);
      await expect(event(tree, { domain: 'tasks', name: 'archived' })).rejects.toThrow(
        `${domainPath}: expected "export const tasksDomain = defineDomain({ ..., events: [...] })"`,
      );
      expect(snapshotOf(tree)).toEqual(before);
    });

    it('fails on a renamed type-constants object', async () => {
      const path = `${LIB}/src/lib/event-types.ts`;
      tree.write(path, read(tree, 'src/lib/event-types.ts').replace('TaskEventType', 'Types'));
      const before = snapshotOf(tree);
      await expect(event(tree, { domain: 'tasks', name: 'archived' })).rejects.toThrow(
        `${path}: expected "export const TaskEventType = { ... } as const"`,
      );
      expect(snapshotOf(tree)).toEqual(before);
    });
  });

  describe.each([
    ['ts-solution', createTsSolutionWorkspace, 'packages'],
    ['integrated', createIntegratedWorkspace, 'libs'],
  ] as const)('output is prettier-clean (%s)', (_style, create, folder) => {
    it('after new events and bumps', async () => {
      const files: Record<string, string> = {};
      for (const [name, options] of [
        ['tasks', {}],
        ['notifications', { metadata: false, validation: false }],
        ['customer-subscriptions', {}],
      ] as const) {
        const workspace = create();
        await domain(workspace, { name, ...options });
        const first = readJson(workspace, `${folder}/${name}-events/kafka-events.json`).events[0]
          .name;
        await event(workspace, { domain: name, name: 'status-changed' });
        await event(workspace, { domain: name, name: first, bump: true });
        await event(workspace, { domain: name, name: 'status-changed', bump: true });
        for (const [path, text] of Object.entries(changedFiles(workspace))) {
          if (path.startsWith(`${folder}/${name}-events/src/`) && text !== null) files[path] = text;
        }
      }
      expect(notPrettierClean(files, { singleQuote: true })).toEqual({});
    });
  });
});
