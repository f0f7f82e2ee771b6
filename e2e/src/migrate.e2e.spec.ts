import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { startLocalRegistry, type LocalRegistry } from '../utils/local-registry.cjs';
import {
  createWorkspace,
  packedTarballs,
  repoRoot,
  run,
  type RunResult,
  type Workspace,
} from '../utils/nx-workspace.cjs';

// Upgrading a workspace through every release, in one workspace: the 0.1.0 and 0.2.0 tarballs are
// built from the commits that released them, a library is generated with 0.1.0, `nx migrate`
// moves it to 0.2.0 and runs its migrations, an app is wired to the library by 0.2.0's dapr
// generator, then `nx migrate` moves the workspace to the tarballs of this checkout and runs the
// migrations of the current release.
//
// The public `kafka-events` is an unrelated placeholder, and nx 23's `nx migrate <pkg>@<v>`
// reads a package's migrations only through a registry (npm view + npm pack, or npm install in
// a temp folder; see utils/local-registry.cjs). So every command from the first upgrade on runs
// with npm pointed at a registry on 127.0.0.1 that serves the six local tarballs (both packages
// of 0.1.0, 0.2.0 and this checkout) and the workspace's installed versions, and 404s everything
// else.
const RELEASE_0_1_0_COMMIT_TITLE = 'init and domain generators: both workspace styles';
const currentVersion: string = JSON.parse(
  readFileSync(join(repoRoot, 'packages', 'kafka-events', 'package.json'), 'utf8'),
).version;
const lib = 'packages/tasks-events';
const app = 'packages/notifier';
const appProject = '@acme/notifier';
const routes = `${app}/src/dapr/tasks.routes.ts`;

interface Release {
  plugin: string;
  runtime: string;
}

/** 1.2.3 -> a number that sorts as the version does. */
const versionNumber = (version: string) => {
  const [major, minor, patch] = version.split('.').map(Number);
  return major * 1e6 + minor * 1e3 + patch;
};

describe(`nx migrate from kafka-events 0.1.0 to 0.2.0 to ${currentVersion} (--preset=ts workspace)`, () => {
  let tmp: string;
  const worktrees: string[] = [];
  let ws: Workspace;
  let registry: LocalRegistry | undefined;
  let release020: Release;
  let current: Release;
  const env = () => ({ npm_config_registry: registry!.url, NX_MIGRATE_USE_LOCAL: 'true' });

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kafka-events-migrate-'));
    const release010 = buildRelease(findRelease010(), '0.1.0');
    release020 = buildRelease(findRelease020(), '0.2.0');
    current = packedTarballs();
    expect(basename(current.plugin)).toBe(`kafka-events-${currentVersion}.tgz`);
    expect(versionNumber(currentVersion)).toBeGreaterThan(versionNumber('0.2.0'));

    ws = createWorkspace({ preset: 'ts', parentDir: tmp });
    ws.npm(['install', '--save', release010.runtime]);
    ws.npm(['install', '--save-dev', release010.plugin]);
    ws.nx(['g', 'kafka-events:init', '--no-interactive']);
    ws.nx(['g', 'kafka-events:domain', 'tasks', '--no-interactive']);
    ws.commitAll('tasks library made by kafka-events 0.1.0');

    registry = await startLocalRegistry({
      tarballs: [release010, release020, current].flatMap((r) => [r.plugin, r.runtime]),
      workspaceRoot: ws.root,
      dir: tmp,
    });
  }, 40 * 60_000);

  afterAll(() => {
    registry?.stop();
    for (const worktree of worktrees) {
      run('git', ['worktree', 'remove', '--force', worktree], { cwd: repoRoot });
    }
    if (tmp && !process.env.KAFKA_EVENTS_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
  });

  /** The commit that released 0.1.0, by its title. */
  function findRelease010(): string {
    const log = run('git', ['log', '--format=%H %s'], { cwd: repoRoot }).stdout.split('\n');
    const commit = log.find((line) => line.includes(RELEASE_0_1_0_COMMIT_TITLE))?.split(' ')[0];
    if (!commit) throw new Error(`no commit titled "${RELEASE_0_1_0_COMMIT_TITLE}..." in git log`);
    return commit;
  }

  /**
   * The last commit of 0.2.0: the parent of the first commit after it that changed the plugin's
   * version or added a migration of a later release (package.json then still says 0.2.0 while
   * the next release's generators and migration are in).
   */
  function findRelease020(): string {
    const show = (commit: string, file: string) =>
      run('git', ['show', `${commit}:packages/kafka-events/${file}`], { cwd: repoRoot }).stdout;
    const isRelease020 = (commit: string) => {
      const migrations = JSON.parse(show(commit, 'migrations.json'));
      const versions = [
        ...Object.values<{ version: string }>(migrations.generators ?? {}).map((m) => m.version),
        ...Object.keys(migrations.packageJsonUpdates ?? {}),
      ];
      return (
        JSON.parse(show(commit, 'package.json')).version === '0.2.0' &&
        versions.every((v) => versionNumber(v) <= versionNumber('0.2.0'))
      );
    };
    const commits = run(
      'git',
      [
        'log',
        '--format=%H',
        '--',
        'packages/kafka-events/package.json',
        'packages/kafka-events/migrations.json',
      ],
      { cwd: repoRoot },
    )
      .stdout.split('\n')
      .filter(Boolean);
    const last = commits.findIndex(isRelease020);
    if (last < 0) throw new Error('no commit of kafka-events 0.2.0 in git log');
    if (last === 0) throw new Error('kafka-events is still 0.2.0: nothing to migrate to');
    return run('git', ['rev-parse', `${commits[last - 1]}^`], { cwd: repoRoot }).stdout.trim();
  }

  /** `npm run pack` of a release commit, in a worktree sharing this checkout's node_modules. */
  function buildRelease(commit: string, version: string): Release {
    const worktree = join(tmp, `release-${version}`);
    run('git', ['worktree', 'add', '--detach', worktree, commit], { cwd: repoRoot });
    worktrees.push(worktree);
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
    const plugin = `kafka-events-${version}.tgz`;
    const runtime = `kafka-events-runtime-${version}.tgz`;
    expect(readdirSync(pack).sort()).toEqual([plugin, runtime]);
    return { plugin: join(pack, plugin), runtime: join(pack, runtime) };
  }

  /**
   * The dependencies of `tarball` the workspace lacks (a package 0.2.0 did not use, such as
   * @lezer/python), installed from the public registry: the local one serves only the metadata of
   * the workspace's installed packages, so npm could not fetch them through it. Saved (as the
   * root's devDependencies): npm fetches an unsaved copy again when the plugin needs it.
   */
  function installNewDependencies(tarball: string): void {
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']).stdout) as {
      dependencies?: Record<string, string>;
    };
    const missing = Object.entries(manifest.dependencies ?? {})
      .filter(([name]) => !existsSync(join(ws.root, 'node_modules', name, 'package.json')))
      .map(([name, range]) => `${name}@${range}`);
    if (missing.length > 0) ws.npm(['install', '--save-dev', ...missing]);
  }

  const committed = (path: string, rev = 'HEAD') =>
    ws.git(['show', `${rev}:${path}`], { allowFailure: true });
  const nxStatic = (args: string[]) =>
    ws.nx([...args, '--outputStyle=static', '--skip-nx-cache'], { env: env() });

  /** `nx migrate kafka-events@<to> --from=kafka-events@<from>` and what npm asked the registry. */
  function migrate(from: string, to: string): { result: RunResult; requests: string[] } {
    registry!.clearRequests();
    const result = ws.nx(['migrate', `kafka-events@${to}`, `--from=kafka-events@${from}`], {
      env: env(),
    });
    return { result, requests: registry!.requests() };
  }

  /** nx read the target's migrations from the local registry only, and kept the tarballs. */
  function expectMigrateFromLocalRegistry(requests: string[], version: string): void {
    // kafka-events' metadata and tarball, then the packages of its packageJsonUpdates
    expect(requests).toContain(`GET /-/tarballs/kafka-events-${version}.tgz 200`);
    const asked = new Set(requests.map((line) => line.split(' ')[1]));
    expect([...asked].sort()).toEqual([
      `/-/tarballs/kafka-events-${version}.tgz`,
      '/@kafka-events/runtime',
      '/kafka-events',
      '/kafkajs',
      '/zod',
    ]);
    expect(requests.filter((line) => !line.endsWith(' 200'))).toEqual([]);
    // the installed tarballs already are the target versions: package.json keeps them
    const pkg = ws.readJson('package.json');
    const tarball = (name: string) =>
      new RegExp(`^file:.*/${name}-${version.replace(/\./g, '\\.')}\\.tgz$`);
    expect(pkg.devDependencies['kafka-events']).toMatch(tarball('kafka-events'));
    expect(pkg.dependencies['@kafka-events/runtime']).toMatch(tarball('kafka-events-runtime'));
  }

  it('the 0.1.0 library had no kafka or Dapr module', () => {
    expect(committed(`${lib}/src/lib/domain.ts`).status).toBe(0);
    expect(committed(`${lib}/src/lib/kafka.ts`).status).not.toBe(0);
    expect(committed(`${lib}/src/lib/dapr.ts`).status).not.toBe(0);
    expect(committed(`${lib}/src/index.ts`).stdout).not.toContain('kafka.js');
    expect(JSON.parse(committed(`${lib}/package.json`).stdout).dependencies).toMatchObject({
      '@kafka-events/runtime': '^0.1.0',
    });
  });

  describe('0.1.0 -> 0.2.0', () => {
    let migrated: { result: RunResult; requests: string[] };
    let runMigrations: RunResult;

    beforeAll(() => {
      // (npm also asks for @kafka-events/runtime@^0.1.0, the 0.1.0 library's range, until the
      // migration raises it)
      ws.npm(['install', '--save', release020.runtime], { env: env() });
      ws.npm(['install', '--save-dev', release020.plugin], { env: env() });
      migrated = migrate('0.1.0', '0.2.0');
      runMigrations = ws.nx(['migrate', '--run-migrations'], { env: env() });
      // the library's runtime range moved to ^0.2.0: npm drops its nested 0.1.0 copy
      ws.npm(['install'], { env: env() });
    }, 30 * 60_000);

    it('nx migrate read the migrations of the 0.2.0 tarball, from the local registry only', () => {
      expect(migrated.result.output).toContain('migrations.json has been generated');
      const { migrations } = ws.readJson('migrations.json');
      expect(migrations.map((m: { name: string }) => m.name)).toEqual([
        'update-0-2-0-add-contract-snapshots',
        'update-0-2-0-add-kafka-and-dapr-modules',
        'update-0-2-0-add-eslint-config',
      ]);
      expect(migrations.every((m: { package: string }) => m.package === 'kafka-events')).toBe(true);
      expectMigrateFromLocalRegistry(migrated.requests, '0.2.0');
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
      nxStatic(['run-many', '-t', 'events-schemas', '-p', 'tasks-events']);
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
      expectLibraryPasses();
      ws.commitAll('tasks library grown with kafka-events 0.2.0');
    });
  });

  /** The library's test, build, typecheck and events-compat targets pass, uncached. */
  function expectLibraryPasses(): void {
    const result = nxStatic([
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
  }

  describe(`0.2.0 -> ${currentVersion}`, () => {
    let appCommit: string;
    let migrated: { result: RunResult; requests: string[] };
    let runMigrations: RunResult;

    beforeAll(() => {
      // a minimal app (the preset has no app generator): a workspace package the project graph
      // reads as an application, wired to the tasks library by the 0.2.0 dapr generator
      mkdirSync(join(ws.root, app));
      ws.write(
        `${app}/package.json`,
        JSON.stringify(
          { name: appProject, version: '0.0.1', private: true, nx: { projectType: 'application' } },
          null,
          2,
        ) + '\n',
      );
      ws.nx(['g', 'kafka-events:dapr', '--project', appProject, '--domains', 'tasks'], {
        env: env(),
      });
      ws.commitAll('notifier app wired by kafka-events 0.2.0 dapr generator');
      appCommit = ws.git(['rev-parse', 'HEAD']).stdout.trim();

      ws.npm(['install', '--save', current.runtime], { env: env() });
      installNewDependencies(current.plugin);
      ws.npm(['install', '--save-dev', current.plugin], { env: env() });
      migrated = migrate('0.2.0', currentVersion);
      runMigrations = ws.nx(['migrate', '--run-migrations'], { env: env() });
      ws.npm(['install'], { env: env() });
    }, 30 * 60_000);

    it('the 0.2.0 dapr generator wrote its own Component, no Resiliency and its comments', () => {
      expect(committed(`${app}/dapr/components/kafka-pubsub.yaml`, appCommit).stdout).toMatch(
        /consumerGroup\s+value: notifier/,
      );
      expect(committed(`${app}/dapr/subscriptions/task-events.yaml`, appCommit).status).toBe(0);
      expect(committed(`${app}/dapr/resiliency.yaml`, appCommit).status).not.toBe(0);
      expect(committed(routes, appCommit).stdout).toContain('Throw to have Dapr redeliver');
    });

    it(`nx migrate read the migrations of the ${currentVersion} tarball, from the local registry only`, () => {
      expect(migrated.result.output).toContain('migrations.json has been generated');
      const { migrations } = ws.readJson('migrations.json');
      expect(migrations.map((m: { name: string }) => m.name)).toEqual([
        'update-0-3-0-add-dapr-resiliency',
        'update-0-3-0-raise-runtime-range',
        'update-0-3-0-use-light-plugin-entry',
      ]);
      expect(migrations.every((m: { package: string }) => m.package === 'kafka-events')).toBe(true);
      expectMigrateFromLocalRegistry(migrated.requests, currentVersion);
    });

    it('nx migrate --run-migrations added the Resiliency, corrected the routes comments and raised the library runtime range', () => {
      expect(runMigrations.output).toMatch(/3 migrations applied/);
      // the 0.2.0 registration by the package main now names the light entry
      expect(ws.readJson('nx.json').plugins).toEqual(
        expect.arrayContaining([expect.objectContaining({ plugin: 'kafka-events/plugin' })]),
      );
      // raised to the workspace's own specifier, rebased onto the library: this workspace
      // installed the runtime's tarball, so the library must not ask a registry for ^0.3.0
      const rootRuntime: string = ws.readJson('package.json').dependencies['@kafka-events/runtime'];
      expect(rootRuntime).toMatch(/^file:.*\/kafka-events-runtime-[^/]+\.tgz$/);
      expect(ws.readJson(`${lib}/package.json`).dependencies['@kafka-events/runtime']).toBe(
        `file:${posix.relative(join(ws.root, lib), join(ws.root, rootRuntime.slice('file:'.length)))}`,
      );
      const changed = ws
        .git(['status', '--porcelain', '--untracked-files=all', '--', app])
        .stdout.split('\n')
        .filter(Boolean);
      expect(changed.sort()).toEqual([` M ${routes}`, `?? ${app}/dapr/resiliency.yaml`]);

      const before = committed(routes, appCommit).stdout;
      const after = ws.read(routes);
      expect(after).not.toContain('Throw to have Dapr redeliver');
      expect(after).not.toContain('a handler that throws RETRY');
      // the new sentence, its comment prefixes and line breaks taken out
      const prose = after.replace(/\n\s*(?:\/\/|\*) /g, ' ');
      expect(prose).toContain(
        'Throwing (the runtime answers RETRY) has daprd redeliver the event as dapr/resiliency.yaml says (up to 5 retries, exponential back-off up to 10s), then it goes to task-events.dlq;',
      );
      // every other byte is as 0.2.0 wrote it: the diff removes exactly 0.2.0's sentences and
      // adds comment lines only
      const types = [...before.matchAll(/^ {4}'([^']+)': async \(_event\) => \{$/gm)].map(
        (m) => m[1],
      );
      expect(types).toHaveLength(5);
      const diff = ws.git(['diff', '-U0', '--no-color', appCommit, '--', routes]).stdout;
      const lines = (sign: string) =>
        diff
          .split('\n')
          .filter((l) => l.startsWith(sign) && !l.startsWith(sign.repeat(3)))
          .map((l) => l.slice(1));
      expect(lines('-')).toEqual([
        ' * `app.use(tasksHandler.nodeListener)` in express. Invalid events and unknown types are',
        ' * answered DROP (they go to the dead-letter topic), a handler that throws RETRY.',
        ...types.flatMap((type) => [
          `      // TODO: handle ${type}; _event.payload is typed. Throw to have Dapr redeliver,`,
          `      // return 'DROP' to send the event to task-events.dlq.`,
        ]),
      ]);
      const added = lines('+');
      expect(added[0]).toBe(' * `app.use(tasksHandler.nodeListener)` in express.');
      expect(added.filter((l) => !/^( \* |      \/\/ )/.test(l))).toEqual([]);

      // a second run has nothing left to do
      const snapshot = ws.snapshot();
      const again = ws.nx(['migrate', '--run-migrations'], { env: env() });
      expect(again.output).toMatch(/No changes were made/);
      expect(ws.snapshot()).toBe(snapshot);
      ws.commitAll(`migrated to kafka-events ${currentVersion}`);
    });

    it(`the Resiliency and routes module are what the ${currentVersion} dapr generator writes`, () => {
      // the current generator on the same app, its routes module removed so it writes a new one
      ws.run('rm', [routes]);
      ws.nx(['g', 'kafka-events:dapr', '--project', appProject, '--domains', 'tasks'], {
        env: env(),
      });
      try {
        expect(ws.git(['diff', '--stat', 'HEAD', '--', `${app}/dapr/resiliency.yaml`]).stdout).toBe(
          '',
        );
        expect(ws.read(`${app}/dapr/resiliency.yaml`)).toMatch(/kind: Resiliency/);
        expect(ws.git(['diff', 'HEAD', '--', routes]).stdout).toBe('');
      } finally {
        ws.git(['checkout', '--', '.']);
        ws.git(['clean', '-fdq']);
      }
    });

    it('the library still tests, builds, typechecks and passes events-compat', () => {
      expectLibraryPasses();
    });
  });
});
