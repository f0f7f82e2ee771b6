import { parse } from 'yaml';
import { createWorkspace, installKafkaEvents, type Workspace } from '../utils/nx-workspace.cjs';
import { ensurePythonEnv } from '../../tools/python/venv.cjs';

// Both workspace styles create-nx-workspace makes: the generated libraries must work in each.
const styles = [
  { preset: 'ts' as const, libsDir: 'packages', consumerProject: '@acme/notifier' },
  { preset: 'apps' as const, libsDir: 'libs', consumerProject: 'notifier' },
];

const seedDomains = ['tasks', 'reminders', 'recurring', 'notifications'];

describe.each(styles)(
  'kafka-events in a --preset=$preset workspace',
  ({ preset, libsDir, consumerProject }) => {
    let ws: Workspace;

    beforeAll(() => {
      ws = createWorkspace({ preset });
      installKafkaEvents(ws);
      for (const domain of seedDomains)
        ws.nx(['g', 'kafka-events:domain', domain, '--no-interactive']);
      ws.commitAll('seed domains');
    });

    afterAll(() => {
      if (ws && !process.env.KAFKA_EVENTS_E2E_KEEP) ws.remove();
    });

    it('init added the runtime dependencies and kept the tarball versions', () => {
      const pkg = ws.readJson('package.json');
      expect(pkg.dependencies['@kafka-events/runtime']).toMatch(/^file:/);
      expect(pkg.devDependencies['kafka-events']).toMatch(/^file:/);
      expect(pkg.dependencies.zod).toBeDefined();
      expect(pkg.dependencies.kafkajs).toBe('2.2.4');
    });

    it('writes each seed domain where the workspace keeps libraries, with its settings', () => {
      for (const domain of seedDomains) {
        const settings = ws.readJson(`${libsDir}/${domain}-events/kafka-events.json`);
        expect(settings).toMatchObject({ domain, compatibility: 'BACKWARD' });
      }
      expect(ws.readJson(`${libsDir}/tasks-events/kafka-events.json`)).toMatchObject({
        entity: 'task',
        topic: 'task-events',
        source: '/tasks',
      });
    });

    it('the generated libraries test, build and typecheck', () => {
      const projects = seedDomains.map((d) => `${d}-events`).join(',');
      const result = ws.nx([
        'run-many',
        '-t',
        'test,build,typecheck',
        `--projects=${projects}`,
        '--outputStyle=static',
        '--skip-nx-cache',
      ]);
      expect(result.output).toMatch(/Successfully ran targets? test, build, typecheck/);
      // Every domain's own spec ran and passed: jest prints one summary per project.
      const suites = result.output.match(/Tests:\s+\d+ passed, \d+ total/g) ?? [];
      expect(suites.length).toBe(seedDomains.length);
    });

    it('nx show project lists the tags and targets', () => {
      const project = JSON.parse(ws.nx(['show', 'project', 'tasks-events', '--json']).stdout);
      expect(project.tags).toEqual(expect.arrayContaining(['type:events', 'domain:tasks']));
      expect(Object.keys(project.targets)).toEqual(
        expect.arrayContaining(['test', 'build', 'typecheck']),
      );
    });

    it('an app importing the library gets a graph edge, its Dapr wiring, and typechecks', () => {
      ws.nx([
        'g',
        '@nx/js:library',
        `${libsDir}/notifier`,
        '--bundler=tsc',
        '--unitTestRunner=none',
        '--linter=none',
        '--no-interactive',
      ]);
      // @nx/js makes libraries; the presets have no app generator, so mark this one an application
      const configPath =
        preset === 'ts' ? `${libsDir}/notifier/package.json` : `${libsDir}/notifier/project.json`;
      const config = ws.readJson(configPath);
      if (preset === 'ts') {
        config.nx = { ...config.nx, projectType: 'application' };
        // npm workspaces: a consumer declares the library like any other package
        config.dependencies = {
          ...config.dependencies,
          '@acme/tasks-events': '*',
          '@acme/reminders-events': '*',
        };
      } else {
        config.projectType = 'application';
      }
      ws.write(configPath, JSON.stringify(config, null, 2) + '\n');
      ws.write(
        `${libsDir}/notifier/src/lib/notifier.ts`,
        [
          `import { createTaskEvent, type TaskEvent } from '@acme/tasks-events';`,
          ``,
          `export function notifier(): TaskEvent {`,
          `  return createTaskEvent('task.created.v1', {`,
          `    task_id: '5f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10',`,
          `    user_id: 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f',`,
          `    title: 'Write the report',`,
          `  });`,
          `}`,
          ``,
        ].join('\n'),
      );
      if (preset === 'ts') ws.npm(['install']);

      ws.nx([
        'g',
        'kafka-events:dapr',
        '--project',
        consumerProject,
        '--domains',
        'tasks,reminders',
        '--no-interactive',
      ]);
      // the pub/sub Component every app shares, at the workspace root: daprd puts each app's id
      // in place of {appID}; the app's own manifests are its Resiliency and Subscriptions
      const component = parse(ws.read('dapr/components/kafka-pubsub.yaml'));
      expect(component.spec.type).toBe('pubsub.kafka');
      const metadata = Object.fromEntries(
        component.spec.metadata.map((e: { name: string; value: string }) => [e.name, e.value]),
      );
      expect(metadata).toMatchObject({ consumerGroup: '{appID}', clientID: '{appID}' });
      expect(component.scopes).toEqual(['notifier']);
      expect(ws.exists(`${libsDir}/notifier/dapr/components`)).toBe(false);
      const resiliency = parse(ws.read(`${libsDir}/notifier/dapr/resiliency.yaml`));
      expect(resiliency).toMatchObject({ kind: 'Resiliency', scopes: ['notifier'] });
      expect(ws.read(`${libsDir}/notifier/dapr/subscriptions/task-events.yaml`)).toContain(
        'deadLetterTopic: task-events.dlq',
      );
      if (preset === 'ts') ws.nx(['sync']);

      ws.nx(['graph', '--file=graph.json']);
      const graph = ws.readJson('graph.json').graph;
      const edges: Array<{ target: string }> = graph.dependencies[consumerProject] ?? [];
      expect(edges.map((e) => e.target)).toEqual(
        expect.arrayContaining(['tasks-events', 'reminders-events']),
      );
      // the generated typed routes modules compile against the libraries
      const check = ws.nx([
        'run-many',
        '-t',
        preset === 'ts' ? 'typecheck' : 'build',
        `--projects=${consumerProject}`,
        '--outputStyle=static',
      ]);
      expect(check.status).toBe(0);
      ws.run('git', ['checkout', '--', '.']);
      ws.run('git', ['clean', '-fdq']);
      if (preset === 'ts') ws.npm(['install']);
    });

    it('a Python app gets its Pydantic module from the contract, kept current by nx sync', () => {
      const app = 'apps/task-api';
      ws.write(`${app}/project.json`, `${JSON.stringify({ name: 'task-api' })}\n`);
      ws.write(`${app}/pyproject.toml`, '[project]\nname = "task-api"\nversion = "0.1.0"\n');
      ws.nx(['g', 'kafka-events:python', 'tasks', '--project=task-api', '--no-interactive']);
      const recorded = ws.readJson(`${libsDir}/tasks-events/kafka-events.json`).python;
      expect(recorded).toEqual([
        {
          output: `${app}/task_events.py`, // no Python package folder: beside pyproject.toml
          project: 'task-api',
        },
      ]);
      const module: string = recorded[0].output;
      expect(ws.readJson('nx.json').sync.globalGenerators).toContain('kafka-events:sync-python');
      ws.nx(['graph', '--file=graph.json']);
      const edges: Array<{ target: string }> =
        ws.readJson('graph.json').graph.dependencies['task-api'];
      expect(edges.map((e) => e.target)).toContain('tasks-events');

      // The contract grows: the module is stale until nx sync, and sync:check says so (the CI gate).
      ws.nx(['g', 'kafka-events:event', 'tasks', 'archived', '--no-interactive']);
      const stale = ws.nx(['sync:check'], { allowFailure: true });
      expect(stale.status).not.toBe(0);
      expect(stale.output).toContain(module);
      ws.nx(['sync']);
      expect(ws.read(module)).toContain('ARCHIVED_V1 = "task.archived.v1"');
      expect(ws.nx(['sync:check']).status).toBe(0);

      // The module and its generated pytest file under the real Pydantic.
      const test = module.replace(/[^/]+$/, (name) => `test_${name}`);
      const pytest = ws.run(ensurePythonEnv(), [
        '-m',
        'pytest',
        '-q',
        '-p',
        'no:cacheprovider',
        test,
      ]);
      expect(pytest.output).toMatch(/\d+ passed/);
      expect(pytest.output).not.toMatch(/failed|skipped|error/i);

      ws.run('git', ['checkout', '--', '.']);
      ws.run('git', ['clean', '-fdq']);
    });

    it('--dry-run writes nothing and installs nothing', () => {
      const before = ws.snapshot();
      const result = ws.nx(['g', 'kafka-events:domain', 'orders', '--dry-run', '--no-interactive']);
      expect(result.output).toMatch(/CREATE .*orders-events\/kafka-events\.json/);
      expect(result.output).toMatch(/NOTE: The "dryRun" flag means no changes were made/);
      expect(ws.snapshot()).toBe(before);
    });

    it('running the same command twice leaves the workspace unchanged', () => {
      ws.nx(['g', 'kafka-events:domain', 'orders', '--events=placed,shipped', '--no-interactive']);
      ws.commitAll('orders');
      const before = ws.snapshot();
      ws.nx(['g', 'kafka-events:domain', 'orders', '--events=placed,shipped', '--no-interactive']);
      expect(ws.snapshot()).toBe(before);
    });

    it.each([
      ['an uppercase name', ['Orders2'], /name/i],
      ['a name with a leading digit', ['9lives'], /name/i],
      ['a reserved word', ['class'], /reserved/i],
      ['a duplicate event', ['payments', '--events=paid,paid'], /--events.*listed twice/i],
      ['an existing directory', ['tasks', '--events=archived'], /already exists|differ/i],
      ['an unknown option', ['payments', '--colour=blue'], /colour/],
    ])('rejects %s with a clear error and writes nothing', (_label, args, message) => {
      const before = ws.snapshot();
      const result = ws.nx(['g', 'kafka-events:domain', ...args, '--no-interactive'], {
        allowFailure: true,
      });
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(message);
      expect(ws.snapshot()).toBe(before);
    });

    // Integrated workspace only (registered only there, so no skipped test is reported): ESLint set
    // up as users do, then a new domain lints clean.
    if (preset === 'apps')
      it('in a workspace with ESLint, a new library has a passing lint target', () => {
        const kafkaEventsBefore = ws.readJson('node_modules/kafka-events/package.json');
        ws.nx(['add', '@nx/eslint']);
        const pkg = ws.readJson('package.json');
        expect(ws.readJson('node_modules/@nx/eslint/package.json').version).toBe('23.2.1');
        // npm reinstalled the tree: kafka-events must still be the local tarball, not the registry's
        expect(pkg.devDependencies['kafka-events']).toMatch(/^file:/);
        expect(ws.readJson('node_modules/kafka-events/package.json')).toEqual(kafkaEventsBefore);
        const plugins: Array<string | { plugin: string }> = ws.readJson('nx.json').plugins ?? [];
        expect(plugins.map((p) => (typeof p === 'string' ? p : p.plugin))).toContain(
          '@nx/eslint/plugin',
        );
        // nx add only registers the plugin: 23.2.1 writes no root config and exposes no
        // lint-project generator, so the first linted project sets up eslint.config.mjs and the
        // eslint packages (bundler none: no @nx/dependency-checks, nothing more to install)
        expect(ws.exists('eslint.config.mjs')).toBe(false);
        ws.nx([
          'g',
          '@nx/js:library',
          `${libsDir}/shared`,
          '--bundler=none',
          '--unitTestRunner=none',
          '--linter=eslint',
          '--no-interactive',
        ]);
        expect(ws.read('eslint.config.mjs')).toContain("nx.configs['flat/typescript']");

        ws.nx(['g', 'kafka-events:domain', 'billing', '--no-interactive']);
        expect(ws.read(`${libsDir}/billing-events/eslint.config.mjs`)).toContain(
          "from '../../eslint.config.mjs'",
        );
        // the plugin infers the target, so project.json declares none
        expect(ws.readJson(`${libsDir}/billing-events/project.json`).targets.lint).toBeUndefined();
        const project = JSON.parse(ws.nx(['show', 'project', 'billing-events', '--json']).stdout);
        expect(Object.keys(project.targets)).toContain('lint');

        const lint = ws.nx(['lint', 'billing-events', '--outputStyle=static', '--skip-nx-cache']);
        expect(lint.output).toMatch(/Successfully ran target lint for project billing-events/);
        expect(lint.output).not.toMatch(/\d+ problems?/);

        // the workspace's Nx rules apply: a relative import of another project is an error
        const bad = `${libsDir}/billing-events/src/lib/cross-project.ts`;
        ws.write(bad, "export * from '../../../tasks-events/src/index';\n");
        const failing = ws.nx(
          ['lint', 'billing-events', '--outputStyle=static', '--skip-nx-cache'],
          { allowFailure: true },
        );
        ws.run('rm', [bad]);
        expect(failing.status).not.toBe(0);
        expect(failing.output).toContain('@nx/enforce-module-boundaries');
      });

    // Users run with the daemon on (the other cases turn it off, as CI does): its plugin worker and
    // file watcher outlive each command, so a new library or an edited payload must reach the
    // graph and the task hashes without `nx reset`.
    describe('with the Nx daemon', () => {
      const daemon = { env: { NX_DAEMON: 'true' } };
      const lib = `${libsDir}/invoices-events`;

      afterAll(() => {
        ws?.nx(['daemon', '--stop'], { ...daemon, allowFailure: true });
        ws?.run('git', ['checkout', '--', '.']);
        ws?.run('git', ['clean', '-fdq']);
      });

      it('sees a new domain and its inferred targets, and a payload edit, with no reset', () => {
        expect(ws.nx(['show', 'projects', '--json'], daemon).stdout).toContain('tasks-events');
        expect(ws.nx(['daemon'], daemon).output).toContain('Nx Daemon is currently running');

        ws.nx(
          ['g', 'kafka-events:domain', 'invoices', '--events=issued,paid', '--no-interactive'],
          daemon,
        );
        const project = JSON.parse(
          ws.nx(['show', 'project', 'invoices-events', '--json'], daemon).stdout,
        );
        expect(project.tags).toEqual(expect.arrayContaining(['type:events', 'domain:invoices']));
        expect(Object.keys(project.targets)).toEqual(
          expect.arrayContaining([
            'events-schemas',
            'events-compat',
            'events-topics',
            'test',
            'build',
          ]),
        );
        expect(project.targets['events-schemas'].metadata.description).toContain(
          'the invoices domain (2 event versions on invoice-events)',
        );

        const check = ['run', 'invoices-events:events-schemas', '--check', '--outputStyle=static'];
        ws.nx(['run', 'invoices-events:events-schemas', '--outputStyle=static'], daemon);
        ws.nx(check, daemon);
        // the second check is a cache hit: the daemon hashes the unchanged sources the same way
        expect(ws.nx(check, daemon).output).toMatch(/1\/1 hit|read the output from the cache/);

        const payload = `${lib}/src/lib/payloads/invoice-issued.v1.ts`;
        const source = ws.read(payload);
        expect(source).toMatch(/\n\}\);\n/);
        ws.write(payload, source.replace(/\n\}\);\n/, '\n  channel: z.string(),\n});\n'));
        const stale = ws.nx(check, { ...daemon, allowFailure: true });
        expect(stale.status).not.toBe(0);
        expect(stale.output).toMatch(/contract files? (is|are) out of date/);
        expect(stale.output).not.toMatch(/read the output from the cache/);
        expect(ws.nx(['daemon'], daemon).output).toContain('Nx Daemon is currently running');
      });
    });
  },
);
