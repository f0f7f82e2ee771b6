import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startLocalRegistry, type LocalRegistry } from '../utils/local-registry.cjs';
import {
  createWorkspace,
  packedTarballs,
  repoRoot,
  run,
  type RunResult,
  type Workspace,
} from '../utils/nx-workspace.cjs';

// Upgrading a workspace made with the previous release: the 0.1.0 tarballs are built from the
// commit that released them, a library is generated with them, then `nx migrate` moves the
// workspace to the tarballs of this checkout and runs kafka-events' 0.2.0 migrations.
//
// The public `kafka-events` is an unrelated placeholder, and nx 23's `nx migrate <pkg>@<v>`
// reads a package's migrations only through a registry (npm view + npm pack, or npm install in
// a temp folder; see utils/local-registry.cjs). So every command from the upgrade on runs with
// npm pointed at a registry on 127.0.0.1 that serves the four local tarballs and the
// workspace's installed versions, and 404s everything else.
const PREVIOUS_COMMIT_TITLE = 'init and domain generators: both workspace styles';
const lib = 'packages/tasks-events';

describe('nx migrate from kafka-events 0.1.0 (--preset=ts workspace)', () => {
  let tmp: string;
  let worktree: string | undefined;
  let ws: Workspace;
  let registry: LocalRegistry | undefined;
  let migrate: RunResult;
  let runMigrations: RunResult;
  let migrateRequests: string[];
  const env = () => ({ npm_config_registry: registry!.url, NX_MIGRATE_USE_LOCAL: 'true' });

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kafka-events-migrate-'));
    const previous = buildPreviousRelease();
    const current = packedTarballs();
    expect(basename(current.plugin)).toBe('kafka-events-0.2.0.tgz');

    ws = createWorkspace({ preset: 'ts', parentDir: tmp });
    ws.npm(['install', '--save', previous.runtime]);
    ws.npm(['install', '--save-dev', previous.plugin]);
    ws.nx(['g', 'kafka-events:init', '--no-interactive']);
    ws.nx(['g', 'kafka-events:domain', 'tasks', '--no-interactive']);
    ws.commitAll('tasks library made by kafka-events 0.1.0');

    registry = await startLocalRegistry({
      tarballs: [previous.plugin, previous.runtime, current.plugin, current.runtime],
      workspaceRoot: ws.root,
      dir: tmp,
    });
    // (npm also asks for @kafka-events/runtime@^0.1.0, the 0.1.0 library's range, until the
    // migration raises it)
    ws.npm(['install', '--save', current.runtime], { env: env() });
    ws.npm(['install', '--save-dev', current.plugin], { env: env() });
    registry.clearRequests();
    migrate = ws.nx(['migrate', 'kafka-events@0.2.0', '--from=kafka-events@0.1.0'], { env: env() });
    migrateRequests = registry.requests();
    runMigrations = ws.nx(['migrate', '--run-migrations'], { env: env() });
    // the library's runtime range moved to ^0.2.0: npm drops its nested 0.1.0 copy
    ws.npm(['install'], { env: env() });
  });

  afterAll(() => {
    registry?.stop();
    if (worktree) run('git', ['worktree', 'remove', '--force', worktree], { cwd: repoRoot });
    if (tmp && !process.env.KAFKA_EVENTS_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
  });

  /** `npm run pack` of the release commit, in a worktree sharing this checkout's node_modules. */
  function buildPreviousRelease(): { plugin: string; runtime: string } {
    const log = run('git', ['log', '--format=%H %s'], { cwd: repoRoot }).stdout.split('\n');
    const commit = log.find((line) => line.includes(PREVIOUS_COMMIT_TITLE))?.split(' ')[0];
    if (!commit) throw new Error(`no commit titled "${PREVIOUS_COMMIT_TITLE}..." in git log`);
    worktree = join(tmp, 'previous');
    run('git', ['worktree', 'add', '--detach', worktree, commit], { cwd: repoRoot });
    // the dependencies of that commit are those of this checkout (a 2-minute npm ci otherwise)
    for (const dir of [
      '.',
      ...readdirSync(join(repoRoot, 'packages')).map((p) => `packages/${p}`),
    ]) {
      const modules = join(repoRoot, dir, 'node_modules');
      if (existsSync(modules) && existsSync(join(worktree, dir))) {
        symlinkSync(modules, join(worktree, dir, 'node_modules'));
      }
    }
    run('node', ['scripts/pack.mjs'], { cwd: worktree });
    const pack = join(worktree, 'dist', 'pack');
    expect(readdirSync(pack).sort()).toEqual([
      'kafka-events-0.1.0.tgz',
      'kafka-events-runtime-0.1.0.tgz',
    ]);
    return {
      plugin: join(pack, 'kafka-events-0.1.0.tgz'),
      runtime: join(pack, 'kafka-events-runtime-0.1.0.tgz'),
    };
  }

  const committed = (path: string) => ws.git(['show', `HEAD:${path}`], { allowFailure: true });

  it('the 0.1.0 library had no kafka or Dapr module', () => {
    expect(committed(`${lib}/src/lib/domain.ts`).status).toBe(0);
    expect(committed(`${lib}/src/lib/kafka.ts`).status).not.toBe(0);
    expect(committed(`${lib}/src/lib/dapr.ts`).status).not.toBe(0);
    expect(committed(`${lib}/src/index.ts`).stdout).not.toContain('kafka.js');
    expect(JSON.parse(committed(`${lib}/package.json`).stdout).dependencies).toMatchObject({
      '@kafka-events/runtime': '^0.1.0',
    });
  });

  it('nx migrate read the migrations of the 0.2.0 tarball, from the local registry only', () => {
    expect(migrate.output).toContain('migrations.json has been generated');
    const { migrations } = ws.readJson('migrations.json');
    expect(migrations.map((m: { name: string }) => m.name)).toEqual([
      'update-0-2-0-add-contract-snapshots',
      'update-0-2-0-add-kafka-and-dapr-modules',
      'update-0-2-0-add-eslint-config',
    ]);
    expect(migrations.every((m: { package: string }) => m.package === 'kafka-events')).toBe(true);
    // kafka-events' metadata and tarball, then the packages of its packageJsonUpdates
    expect(migrateRequests).toContain('GET /-/tarballs/kafka-events-0.2.0.tgz 200');
    const asked = new Set(migrateRequests.map((line) => line.split(' ')[1]));
    expect([...asked].sort()).toEqual([
      '/-/tarballs/kafka-events-0.2.0.tgz',
      '/@kafka-events/runtime',
      '/kafka-events',
      '/kafkajs',
      '/zod',
    ]);
    expect(migrateRequests.filter((line) => !line.endsWith(' 200'))).toEqual([]);
    // the installed tarballs already are the target versions: package.json keeps them
    const pkg = ws.readJson('package.json');
    expect(pkg.devDependencies['kafka-events']).toMatch(/^file:.*kafka-events-0\.2\.0\.tgz$/);
    expect(pkg.dependencies['@kafka-events/runtime']).toMatch(/runtime-0\.2\.0\.tgz$/);
  });

  it('nx migrate --run-migrations brought the library to the 0.2.0 layout', () => {
    expect(runMigrations.output).toMatch(/3 migrations applied/);
    expect(ws.read(`${lib}/src/lib/kafka.ts`)).toContain('export function createTasksProducer(');
    expect(ws.read(`${lib}/src/lib/dapr.ts`)).toContain(
      'export function createTasksDaprPublisher(',
    );
    expect(ws.read(`${lib}/src/index.ts`)).toContain(
      "export * from './lib/domain.js';\nexport * from './lib/kafka.js';\nexport * from './lib/dapr.js';\n",
    );
    expect(ws.readJson(`${lib}/package.json`).dependencies).toMatchObject({
      '@kafka-events/runtime': '^0.2.0',
      kafkajs: '2.2.4',
    });
    const config = ws.readJson(`${lib}/kafka-events.json`);
    expect(config).toMatchObject({
      compatibility: 'BACKWARD',
      metadata: true,
      validation: true,
      versioning: true,
      generatedBy: { plugin: 'kafka-events' },
    });
    expect(config.events[0]).toEqual({
      name: 'created',
      type: 'task.created',
      versions: [1],
      key: 'task_id',
    });
    expect(ws.readJson('nx.json').plugins).toEqual(
      expect.arrayContaining([expect.objectContaining({ plugin: 'kafka-events' })]),
    );
    // a second run has nothing left to do
    const again = ws.nx(['migrate', '--run-migrations'], { env: env() });
    expect(again.output).toMatch(/No changes were made[\s\S]*No changes were made/);
  });

  it('the migrated library tests, builds, typechecks and passes events-compat', () => {
    const nx = (args: string[]) =>
      ws.nx([...args, '--outputStyle=static', '--skip-nx-cache'], { env: env() });
    nx(['run-many', '-t', 'events-schemas', '-p', 'tasks-events']);
    ws.commitAll('migrated to kafka-events 0.2.0, contract snapshots');
    // grown with the 0.2.0 event generator (its round-trip spec runs below), and a spec of the
    // modules the migration added, imported through the library's public API
    ws.nx(['g', 'kafka-events:event', 'tasks', 'archived', '--no-interactive'], { env: env() });
    ws.write(
      `${lib}/src/lib/migrated-modules.spec.ts`,
      [
        `import {`,
        `  createTasksConsumer,`,
        `  createTasksDaprHandler,`,
        `  createTasksDaprPublisher,`,
        `  createTasksProducer,`,
        `  tasksDaprSubscriptions,`,
        `} from '../index.js';`,
        ``,
        `describe('modules added by the 0.2.0 migration', () => {`,
        `  it('exports the kafkajs and Dapr helpers of the domain', () => {`,
        `    for (const helper of [createTasksProducer, createTasksConsumer, createTasksDaprPublisher, createTasksDaprHandler]) {`,
        `      expect(typeof helper).toBe('function');`,
        `    }`,
        `    expect(JSON.stringify(tasksDaprSubscriptions())).toContain('task.archived.v1');`,
        `  });`,
        `});`,
        ``,
      ].join('\n'),
    );
    const result = nx([
      'run-many',
      '-t',
      'test,build,typecheck,events-compat',
      '-p',
      'tasks-events',
    ]);
    expect(result.output).toMatch(
      /Successfully ran targets? test, build, typecheck, events-compat/,
    );
    expect(result.output).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(result.output).toMatch(
      /compatible \(BACKWARD\): tasks: 5 event versions: 0 incompatible/,
    );
  });
});
