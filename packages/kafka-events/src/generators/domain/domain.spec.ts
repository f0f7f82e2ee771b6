import { getProjects, readJson, writeJson, type Tree } from '@nx/devkit';
import { pluginVersion } from '../../utils/versions';
import { notPrettierClean } from '../testing/prettier-check';
import {
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../testing/workspaces';
import { domainGenerator } from './domain';
import type { DomainGeneratorSchema } from './schema';

const SEEDED = ['tasks', 'reminders', 'recurring', 'notifications'] as const;

async function generate(tree: Tree, options: Partial<DomainGeneratorSchema> & { name?: string }) {
  return domainGenerator(tree, { skipFormat: true, ...options } as DomainGeneratorSchema);
}

/** Files the generator wrote under a folder, path relative to it. */
function filesUnder(tree: Tree, dir: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(changedFiles(tree))
      .filter(([path, text]) => path.startsWith(`${dir}/`) && text !== null)
      .map(([path, text]) => [path.slice(dir.length + 1), text as string]),
  );
}

describe('domain generator', () => {
  describe('in a TS-solution workspace (--preset=ts)', () => {
    let tree: Tree;
    beforeEach(() => (tree = createTsSolutionWorkspace()));

    it('writes the tasks library', async () => {
      await generate(tree, { name: 'tasks' });
      const files = filesUnder(tree, 'packages/tasks-events');
      expect(Object.keys(files).sort()).toEqual([
        'README.md',
        'jest.config.cjs',
        'kafka-events.json',
        'package.json',
        'src/index.ts',
        'src/lib/dapr.ts',
        'src/lib/domain.spec.ts',
        'src/lib/domain.ts',
        'src/lib/event-types.ts',
        'src/lib/kafka.ts',
        'src/lib/payloads/task-completed.v1.ts',
        'src/lib/payloads/task-created.v1.ts',
        'src/lib/payloads/task-deleted.v1.ts',
        'src/lib/payloads/task-updated.v1.ts',
        'tsconfig.json',
        'tsconfig.lib.json',
        'tsconfig.spec.json',
      ]);
      expect(files).toMatchSnapshot();
    });

    it('makes a workspace package with an nx key, the source condition and a solution reference', async () => {
      await generate(tree, { name: 'tasks', tags: 'scope:backend' });
      const pkg = readJson(tree, 'packages/tasks-events/package.json');
      expect(pkg.name).toBe('@wsts/tasks-events');
      expect(pkg.type).toBe('module');
      expect(pkg.exports['.']['@wsts/source']).toBe('./src/index.ts');
      expect(pkg.dependencies).toEqual({
        '@kafka-events/runtime': `^${pluginVersion()}`,
        kafkajs: '2.2.4',
        tslib: '^2.3.0',
        zod: '^4.6.7',
      });
      expect(pkg.nx).toEqual({
        name: 'tasks-events',
        tags: ['type:events', 'domain:tasks', 'scope:backend'],
        targets: {
          test: {
            executor: 'nx:run-commands',
            options: { command: 'jest --config jest.config.cjs', cwd: '{projectRoot}' },
            cache: true,
          },
        },
      });
      expect(readJson(tree, 'tsconfig.json').references).toEqual([
        { path: './packages/tasks-events' },
      ]);
      expect(tree.exists('packages/tasks-events/project.json')).toBe(false);
      const project = getProjects(tree).get('tasks-events');
      expect(project?.root).toBe('packages/tasks-events');
      expect(project?.tags).toEqual(['type:events', 'domain:tasks', 'scope:backend']);
    });

    it("takes the runtime's, zod's and kafkajs' specifiers from the root package.json", async () => {
      // what installing the packed tarballs with pnpm leaves: the 0.2.0 library asked the registry
      // for ^0.2.0 instead, and pnpm's install failed with ERR_PNPM_FETCH_404
      writeJson(tree, 'package.json', {
        ...readJson(tree, 'package.json'),
        dependencies: {
          '@kafka-events/runtime': 'file:dist/pack/kafka-events-runtime-0.3.0.tgz',
          zod: '4.1.0',
        },
        devDependencies: { kafkajs: 'workspace:*' },
      });
      await generate(tree, { name: 'tasks' });
      expect(readJson(tree, 'packages/tasks-events/package.json').dependencies).toEqual({
        '@kafka-events/runtime': 'file:../../dist/pack/kafka-events-runtime-0.3.0.tgz',
        kafkajs: 'workspace:*',
        tslib: '^2.3.0',
        zod: '4.1.0',
      });
    });

    it('adds the dependencies to the root package.json', async () => {
      await generate(tree, { name: 'tasks' });
      const pkg = readJson(tree, 'package.json');
      expect(pkg.dependencies).toMatchObject({ zod: '^4.6.7', kafkajs: '2.2.4' });
      expect(pkg.devDependencies).toMatchObject({ jest: '~30.3.0', '@swc/jest': '~0.2.39' });
      expect(pkg.devDependencies.typescript).toBe('~6.0.3');
    });

    it('declares build and typecheck itself when @nx/js/typescript does not infer them', async () => {
      tree = createTsSolutionWorkspace({ typescriptPlugin: false });
      await generate(tree, { name: 'tasks' });
      const targets = readJson(tree, 'packages/tasks-events/package.json').nx.targets;
      expect(Object.keys(targets)).toEqual(['build', 'typecheck', 'test']);
      expect(targets.build.options.command).toBe('tsc --build tsconfig.lib.json');
      expect(targets.build.outputs).toEqual(['{projectRoot}/dist']);
    });

    it('omits the source condition when tsconfig.base.json defines none', async () => {
      writeJson(tree, 'tsconfig.base.json', {
        compilerOptions: {
          ...readJson(tree, 'tsconfig.base.json').compilerOptions,
          customConditions: undefined,
        },
      });
      await generate(tree, { name: 'tasks' });
      expect(
        Object.keys(readJson(tree, 'packages/tasks-events/package.json').exports['.']),
      ).toEqual(['types', 'import', 'default']);
    });
  });

  describe('in an integrated workspace (--preset=apps)', () => {
    let tree: Tree;
    beforeEach(() => (tree = createIntegratedWorkspace()));

    it('writes the tasks library', async () => {
      await generate(tree, { name: 'tasks' });
      const files = filesUnder(tree, 'libs/tasks-events');
      expect(Object.keys(files)).toContain('project.json');
      expect(files).toMatchSnapshot();
    });

    it("declares the root's runtime specifier in the library's package.json too", async () => {
      writeJson(tree, 'package.json', {
        ...readJson(tree, 'package.json'),
        devDependencies: { '@kafka-events/runtime': 'file:vendor/runtime.tgz' },
      });
      await generate(tree, { name: 'tasks', directory: 'libs/backend/tasks-events' });
      const pkg = readJson(tree, 'libs/backend/tasks-events/package.json');
      expect(pkg.dependencies['@kafka-events/runtime']).toBe('file:../../../vendor/runtime.tgz');
      expect(pkg.dependencies.zod).toBe('^4.6.7');
    });

    it('adds a project.json with build, typecheck and test, a path mapping and tsc target defaults', async () => {
      await generate(tree, { name: 'tasks' });
      const project = readJson(tree, 'libs/tasks-events/project.json');
      expect(project.name).toBe('tasks-events');
      expect(project.tags).toEqual(['type:events', 'domain:tasks']);
      expect(project.targets.build).toEqual({
        executor: '@nx/js:tsc',
        outputs: ['{options.outputPath}'],
        options: {
          outputPath: 'dist/libs/tasks-events',
          main: 'libs/tasks-events/src/index.ts',
          tsConfig: 'libs/tasks-events/tsconfig.lib.json',
          assets: ['libs/tasks-events/*.md'],
        },
      });
      expect(project.targets.typecheck.options.commands).toEqual([
        'tsc -p tsconfig.lib.json --noEmit',
        'tsc -p tsconfig.spec.json --noEmit',
      ]);
      expect(project.targets.test.options.command).toBe('jest --config jest.config.cjs');
      expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths).toEqual({
        '@wsapps/tasks-events': ['./libs/tasks-events/src/index.ts'],
      });
      expect(readJson(tree, 'nx.json').targetDefaults['@nx/js:tsc']).toEqual({
        cache: true,
        dependsOn: ['^build'],
        inputs: ['production', '^production'],
      });
      expect(readJson(tree, 'libs/tasks-events/package.json').type).toBe('commonjs');
    });

    it('respects baseUrl in an existing tsconfig.base.json', async () => {
      writeJson(tree, 'tsconfig.base.json', { compilerOptions: { baseUrl: '.', paths: {} } });
      await generate(tree, { name: 'tasks' });
      expect(
        readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@wsapps/tasks-events'],
      ).toEqual(['libs/tasks-events/src/index.ts']);
    });

    it('uses the package name when the root package has no npm scope', async () => {
      writeJson(tree, 'package.json', { ...readJson(tree, 'package.json'), name: 'acme' });
      await generate(tree, { name: 'tasks' });
      expect(readJson(tree, 'libs/tasks-events/package.json').name).toBe('tasks-events');
    });
  });

  describe.each([
    ['ts-solution', createTsSolutionWorkspace, 'packages'],
    ['integrated', createIntegratedWorkspace, 'libs'],
  ] as const)('output is prettier-clean (%s)', (_style, create, folder) => {
    it('for the seeded domains and generic ones', async () => {
      const files: Record<string, string> = {};
      for (const name of [...SEEDED, 'orders', 'customer-subscriptions']) {
        for (const options of [{}, { metadata: false, versioning: false, validation: false }]) {
          const tree = create();
          await generate(tree, { name, ...options });
          for (const [path, text] of Object.entries(filesUnder(tree, `${folder}/${name}-events`))) {
            files[`${name}-${Object.keys(options).length}/${path}`] = text;
          }
        }
      }
      // create-nx-workspace writes { "singleQuote": true }: printWidth stays at 80
      expect(notPrettierClean(files, { singleQuote: true })).toEqual({});
    });
  });

  describe('options', () => {
    let tree: Tree;
    beforeEach(() => (tree = createTsSolutionWorkspace()));
    const read = (path: string) => tree.read(`packages/tasks-events/${path}`, 'utf-8') ?? '';

    it('records every setting and the plugin version in kafka-events.json', async () => {
      await generate(tree, { name: 'tasks' });
      expect(readJson(tree, 'packages/tasks-events/kafka-events.json')).toEqual({
        domain: 'tasks',
        entity: 'task',
        topic: 'task-events',
        source: '/tasks',
        compatibility: 'BACKWARD',
        metadata: true,
        validation: true,
        versioning: true,
        events: ['created', 'updated', 'completed', 'deleted'].map((name) => ({
          name,
          type: `task.${name}`,
          versions: [1],
          key: 'task_id',
        })),
        generatedBy: { plugin: 'kafka-events', version: pluginVersion() },
      });
    });

    it('--entity, --topic, --source, --compatibility', async () => {
      await generate(tree, {
        name: 'tasks',
        entity: 'todo',
        topic: 'todo.events.v1',
        source: 'urn:acme:todos',
        compatibility: 'FULL_TRANSITIVE',
      });
      const config = readJson(tree, 'packages/tasks-events/kafka-events.json');
      expect(config).toMatchObject({
        entity: 'todo',
        topic: 'todo.events.v1',
        source: 'urn:acme:todos',
        compatibility: 'FULL_TRANSITIVE',
      });
      expect(read('src/lib/event-types.ts')).toContain(`CREATED_V1: 'todo.created.v1'`);
      expect(read('src/lib/domain.ts')).toContain(`topic: 'todo.events.v1'`);
      expect(read('src/lib/domain.ts')).toContain(
        'export const createTodoEvent = tasksDomain.create;',
      );
      expect(tree.exists('packages/tasks-events/src/lib/payloads/todo-created.v1.ts')).toBe(true);
    });

    it('--events picks preset events and seeds the others', async () => {
      await generate(tree, { name: 'tasks', events: 'created, archived' });
      expect(
        readJson(tree, 'packages/tasks-events/kafka-events.json').events.map(
          (e: { name: string }) => e.name,
        ),
      ).toEqual(['created', 'archived']);
      expect(read('src/lib/payloads/task-created.v1.ts')).toContain(
        'title: z.string().min(1).max(200),',
      );
      const archived = read('src/lib/payloads/task-archived.v1.ts');
      expect(archived).toContain('task_id: z.uuid(),');
      expect(archived).toContain('archived_at: z.iso.datetime(),');
    });

    it('a domain without a preset gets created, updated, deleted keyed by <entity>_id', async () => {
      await generate(tree, { name: 'order-items' });
      const dir = 'packages/order-items-events';
      const config = readJson(tree, `${dir}/kafka-events.json`);
      expect(config.entity).toBe('order-item');
      expect(config.topic).toBe('order-item-events');
      expect(config.events.map((e: { type: string; key: string }) => [e.type, e.key])).toEqual([
        ['order-item.created', 'order_item_id'],
        ['order-item.updated', 'order_item_id'],
        ['order-item.deleted', 'order_item_id'],
      ]);
      expect(tree.read(`${dir}/src/lib/payloads/order-item-created.v1.ts`, 'utf-8')).toContain(
        'export const OrderItemCreatedV1Payload = z.object({',
      );
    });

    it('--validation=false keeps types and drops lengths, patterns and bounds', async () => {
      await generate(tree, { name: 'tasks', validation: false });
      const created = read('src/lib/payloads/task-created.v1.ts');
      expect(created).toContain('title: z.string(),');
      expect(created).toContain('interval: z.int().default(1),');
      expect(created).toContain('task_id: z.uuid(),');
      expect(created).toContain("priority: z.enum(['low', 'medium', 'high']).default('medium'),");
      expect(created).not.toMatch(/\.(min|max|regex)\(/);
      expect(read('src/lib/domain.spec.ts')).not.toContain('rejects an empty title');
    });

    it('--versioning=false uses plain event types', async () => {
      await generate(tree, { name: 'tasks', versioning: false });
      const types = read('src/lib/event-types.ts');
      expect(types).toContain(`CREATED: 'task.created',`);
      expect(types).not.toContain('.v1');
      expect(read('src/lib/domain.ts')).toContain('type: TaskEventType.CREATED,');
      expect(read('src/lib/domain.spec.ts')).toContain(
        `expect(event.event_type).toBe('task.created');`,
      );
    });

    it('--metadata=false drops the metadata from the envelope and the tests', async () => {
      await generate(tree, { name: 'tasks', metadata: false });
      expect(read('src/lib/domain.ts')).toContain('metadata: false,');
      const spec = read('src/lib/domain.spec.ts');
      expect(spec).toContain('const meta = {};');
      expect(spec).not.toContain('carries the metadata');
    });

    it('--directory, --importPath and --tags', async () => {
      await generate(tree, {
        name: 'tasks',
        directory: 'packages/contracts/tasks',
        importPath: '@acme/task-contracts',
        tags: 'scope:shared, team:core',
      });
      const pkg = readJson(tree, 'packages/contracts/tasks/package.json');
      expect(pkg.name).toBe('@acme/task-contracts');
      expect(pkg.nx.tags).toEqual(['type:events', 'domain:tasks', 'scope:shared', 'team:core']);
      expect(readJson(tree, 'packages/contracts/tasks/tsconfig.json').extends).toBe(
        '../../../tsconfig.base.json',
      );
      expect(readJson(tree, 'tsconfig.json').references).toEqual([
        { path: './packages/contracts/tasks' },
      ]);
    });

    it('accepts the name as --domain', async () => {
      await generate(tree, {
        name: undefined,
        domain: 'reminders',
      } as Partial<DomainGeneratorSchema>);
      expect(tree.exists('packages/reminders-events/kafka-events.json')).toBe(true);
    });

    it('never touches the file system directly (so --dry-run stays pure)', async () => {
      // the real module object (not an import-interop copy), so every caller is observed
      const fs: typeof import('node:fs') = jest.requireActual('node:fs');
      const writes = jest.spyOn(fs, 'writeFileSync');
      const mkdirs = jest.spyOn(fs, 'mkdirSync');
      try {
        await generate(tree, { name: 'tasks' });
        expect(writes).not.toHaveBeenCalled();
        expect(mkdirs).not.toHaveBeenCalled();
      } finally {
        writes.mockRestore();
        mkdirs.mockRestore();
      }
    });
  });

  describe('re-running', () => {
    it.each([
      ['ts-solution', createTsSolutionWorkspace],
      ['integrated', createIntegratedWorkspace],
    ] as const)('the same command changes nothing (%s)', async (_style, create) => {
      const tree = create();
      await generate(tree, { name: 'tasks', tags: 'scope:a' });
      const once = changedFiles(tree);
      await generate(tree, { name: 'tasks', tags: 'scope:a' });
      expect(changedFiles(tree)).toEqual(once);
    });

    it('with different settings fails and names each difference', async () => {
      const tree = createTsSolutionWorkspace();
      await generate(tree, { name: 'tasks' });
      const once = changedFiles(tree);
      await expect(
        generate(tree, { name: 'tasks', topic: 'tasks', events: 'created' }),
      ).rejects.toThrow(
        /--topic: library has "task-events", command asks for "tasks"[\s\S]*--events: library has "created,updated,completed,deleted", command asks for "created"/,
      );
      expect(changedFiles(tree)).toEqual(once);
    });
  });

  describe('bad input writes nothing', () => {
    const cases: [string, Partial<DomainGeneratorSchema>, RegExp][] = [
      ['empty name', { name: '' }, /Invalid --name "": a name is required/],
      ['spaces', { name: 'my tasks' }, /--name "my tasks": must not contain spaces/],
      ['uppercase', { name: 'Tasks' }, /--name "Tasks": must be lowercase \(e\.g\. "tasks"\)/],
      ['leading digit', { name: '1tasks' }, /--name "1tasks": must start with a letter/],
      [
        'reserved word',
        { name: 'class' },
        /--name "class": is a JavaScript\/TypeScript reserved word/,
      ],
      ['symbols', { name: 'tasks_v2' }, /--name "tasks_v2": must be kebab-case/],
      ['too long', { name: 'a'.repeat(51) }, /must be at most 50 characters \(it has 51\)/],
      ['bad entity', { name: 'tasks', entity: 'Task' }, /--entity "Task": must be lowercase/],
      [
        'duplicate events',
        { name: 'tasks', events: 'created,updated,created' },
        /--events .*"created" is listed twice/,
      ],
      [
        'same event spelled twice',
        { name: 'tasks', events: 'status-changed,status_changed' },
        /"status_changed" is listed twice \(as "status-changed"\)/,
      ],
      [
        'empty event',
        { name: 'tasks', events: 'created,,deleted' },
        /contains an empty event name/,
      ],
      ['no events', { name: 'tasks', events: '' }, /--events "": lists no events/],
      ['versioned event', { name: 'tasks', events: 'created.v1' }, /give the bare event name/],
      ['uppercase event', { name: 'tasks', events: 'Created' }, /event names must be lowercase/],
      [
        'event with spaces',
        { name: 'tasks', events: 'was created' },
        /event names must not contain spaces/,
      ],
      [
        'topic chars',
        { name: 'tasks', topic: 'task events!' },
        /--topic "task events!": Kafka topic names may only contain/,
      ],
      [
        'topic dot',
        { name: 'tasks', topic: '..' },
        /Kafka does not allow "\." or "\.\." as a topic name/,
      ],
      ['topic length', { name: 'tasks', topic: 't'.repeat(250) }, /at most 249 characters/],
      ['source', { name: 'tasks', source: 'tasks' }, /--source "tasks": must be a path/],
      [
        'compatibility',
        { name: 'tasks', compatibility: 'SOMETIMES' as never },
        /--compatibility "SOMETIMES": must be one of BACKWARD,/,
      ],
      [
        'absolute directory',
        { name: 'tasks', directory: '/tmp/x' },
        /--directory "\/tmp\/x": must be relative/,
      ],
      [
        'escaping directory',
        { name: 'tasks', directory: 'libs/../../x' },
        /must stay inside the workspace/,
      ],
      [
        'import path',
        { name: 'tasks', importPath: '@Acme/Tasks' },
        /--importPath "@Acme\/Tasks": must be a valid npm package name/,
      ],
      [
        'boolean option',
        { name: 'tasks', metadata: 'yes' as never },
        /--metadata "yes": must be true or false/,
      ],
    ];

    it.each(cases)('%s', async (_label, options, message) => {
      const tree = createTsSolutionWorkspace();
      const before = changedFiles(tree);
      await expect(generate(tree, options)).rejects.toThrow(message);
      expect(changedFiles(tree)).toEqual(before);
    });

    it('a directory that exists and is not a kafka-events library', async () => {
      const tree = createTsSolutionWorkspace();
      tree.write('packages/tasks-events/index.js', '');
      const before = changedFiles(tree);
      await expect(generate(tree, { name: 'tasks' })).rejects.toThrow(
        /--directory "packages\/tasks-events": already exists and was not made by kafka-events:domain/,
      );
      expect(changedFiles(tree)).toEqual(before);
    });

    it('a project with the same name elsewhere', async () => {
      const tree = createIntegratedWorkspace();
      writeJson(tree, 'apps/tasks-events/project.json', {
        name: 'tasks-events',
        root: 'apps/tasks-events',
      });
      const before = changedFiles(tree);
      await expect(generate(tree, { name: 'tasks' })).rejects.toThrow(
        /--name "tasks": project "tasks-events" already exists at apps\/tasks-events/,
      );
      expect(changedFiles(tree)).toEqual(before);
    });

    it('an import path another library already uses', async () => {
      const tree = createIntegratedWorkspace();
      writeJson(tree, 'tsconfig.base.json', {
        compilerOptions: { paths: { '@wsapps/tasks-events': ['x'] } },
      });
      const before = changedFiles(tree);
      await expect(generate(tree, { name: 'tasks' })).rejects.toThrow(
        /--importPath "@wsapps\/tasks-events": is already mapped/,
      );
      expect(changedFiles(tree)).toEqual(before);
    });

    it('a package name another workspace package already has', async () => {
      const tree = createTsSolutionWorkspace();
      writeJson(tree, 'packages/other/package.json', { name: '@wsts/tasks-events' });
      const before = changedFiles(tree);
      await expect(generate(tree, { name: 'tasks' })).rejects.toThrow(
        /--importPath "@wsts\/tasks-events": is already the package name/,
      );
      expect(changedFiles(tree)).toEqual(before);
    });
  });
});
