import { parse } from 'yaml';
import { createWorkspace, installKafkaEvents, type Workspace } from '../utils/nx-workspace.cjs';

// The ends of the Nx range kafka-events declares (@nx/devkit ">=22.0.0 <24.0.0"), in both
// workspace styles; the other e2e specs run this repository's Nx, 23.2.1. Each workspace is made
// once and every step runs in it. 23.3.1 is the newest Nx whose whole set of packages (nx, @nx/js,
// @nx/workspace, @nx/devkit) is on the registry; no create-nx-workspace 23.3.x was published, so
// 23.2.1 makes that workspace and its Nx packages are then set to 23.3.1.
const versions = [
  { nx: '22.0.0', creator: '22.0.0' },
  { nx: '23.3.1', creator: '23.2.1' },
];
const styles = [
  { preset: 'ts' as const, lib: 'packages/tasks-events' },
  { preset: 'apps' as const, lib: 'libs/tasks-events' },
];
const matrix = versions.flatMap((version) => styles.map((style) => ({ ...version, ...style })));

describe.each(matrix)('Nx $nx, --preset=$preset', ({ nx, creator, preset, lib }) => {
  let ws: Workspace;
  const app = 'apps/notifier';

  beforeAll(() => {
    ws = createWorkspace({ preset, nxVersion: nx, creatorVersion: creator });
    installKafkaEvents(ws);
  });
  afterAll(() => {
    if (ws && !process.env.KAFKA_EVENTS_E2E_KEEP) ws.remove();
  });

  it('runs that Nx, with the plugin on the same @nx/devkit', () => {
    expect(ws.readJson('node_modules/nx/package.json').version).toBe(nx);
    // npm deduplicates kafka-events' @nx/devkit dependency onto the workspace's own
    expect(ws.readJson('node_modules/@nx/devkit/package.json').version).toBe(nx);
    expect(ws.exists('node_modules/kafka-events/node_modules/@nx/devkit')).toBe(false);
    expect(pluginNames(ws)).toContain('kafka-events/plugin');
  });

  it('domain, event and dapr generators', () => {
    ws.nx(['g', 'kafka-events:domain', 'tasks', '--no-interactive']);
    ws.nx(['g', 'kafka-events:event', 'tasks', 'archived', '--no-interactive']);
    const config = ws.readJson(`${lib}/kafka-events.json`);
    expect(config.events.map((e: { name: string }) => e.name)).toContain('archived');

    // an app as the dapr generator needs one: a project of type application
    ws.run('mkdir', ['-p', `${app}/src`]);
    ws.write(
      `${app}/project.json`,
      JSON.stringify({ name: 'notifier', projectType: 'application', sourceRoot: `${app}/src` }),
    );
    ws.nx(['g', 'kafka-events:dapr', '--project=notifier', '--domains=tasks', '--no-interactive']);
    const subscription = parse(ws.read(`${app}/dapr/subscriptions/task-events.yaml`));
    expect(subscription.spec.deadLetterTopic).toBe('task-events.dlq');
    ws.commitAll('tasks and notifier');
  });

  it('run-many -t test,build,typecheck,events-schemas,events-compat', () => {
    const result = ws.nx([
      'run-many',
      '-t',
      'test,build,typecheck,events-schemas,events-compat',
      '--projects=tasks-events',
      '--outputStyle=static',
    ]);
    expect(result.output).toMatch(
      /Successfully ran targets test, build, typecheck, events-schemas, events-compat/,
    );
    expect(result.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(ws.exists(`${lib}/schemas/task.archived.v1.json`)).toBe(true);
  });

  it('runs a kafka-events migration through nx migrate --run-migrations', () => {
    // the nx.json entry 0.2.0's init wrote, which update-0-3-0-use-light-plugin-entry renames
    const nxJson = ws.readJson('nx.json');
    const entry = nxJson.plugins.find(
      (p: { plugin?: string }) => p.plugin === 'kafka-events/plugin',
    );
    entry.plugin = 'kafka-events';
    ws.write('nx.json', JSON.stringify(nxJson, null, 2));
    const name = 'update-0-3-0-use-light-plugin-entry';
    ws.write(
      'migrations.json',
      JSON.stringify({ migrations: [{ package: 'kafka-events', name, version: '0.3.0' }] }),
    );
    // the installed Nx runs it (not a downloaded nx@latest)
    const result = ws.nx(['migrate', '--run-migrations'], {
      env: { NX_MIGRATE_USE_LOCAL: 'true' },
    });
    expect(result.output).toContain(`Ran ${name} from kafka-events`);
    expect(pluginNames(ws)).toContain('kafka-events/plugin');
    expect(pluginNames(ws)).not.toContain('kafka-events');
    ws.run('git', ['checkout', '--', '.']);
    ws.run('git', ['clean', '-fdq']);
  });

  it('a malformed kafka-events.json: the graph keeps every project, the warning and the run name the file', () => {
    ws.write(`${lib}/kafka-events.json`, '{ "domain": "tasks", ');
    try {
      const shown = ws.nx(['show', 'projects', '--json']);
      expect(JSON.parse(shown.stdout)).toEqual(
        expect.arrayContaining(['tasks-events', 'notifier']),
      );
      expect(shown.stderr).toContain(
        `(${lib}) has a kafka-events.json its event targets cannot use: ${lib}/kafka-events.json: invalid JSON`,
      );
      const compat = ws.nx(['run', 'tasks-events:events-compat', '--outputStyle=static'], {
        allowFailure: true,
      });
      expect(compat.status).not.toBe(0);
      expect(compat.output).toContain(`${lib}/kafka-events.json: invalid JSON`);
    } finally {
      ws.run('git', ['checkout', '--', '.']);
    }
  });

  it('a damaged graph cache (entries null or misshapen, a folder): the graph and its edges as before', () => {
    const cache = '.nx/workspace-data/kafka-events-graph.json';
    const dependents = () => {
      ws.nx(['graph', '--file=graph.json']);
      const { graph } = ws.readJson('graph.json');
      ws.run('rm', ['graph.json']);
      return graph.dependencies.notifier.map((d: { target: string }) => d.target);
    };
    const listsProjects = () =>
      expect(JSON.parse(ws.nx(['show', 'projects', '--json']).stdout)).toEqual(
        expect.arrayContaining(['tasks-events', 'notifier']),
      );
    const before = dependents();
    expect(before).toContain('tasks-events');
    const written = ws.readJson(cache);
    const files: Record<string, { hash: string }> = written.files;
    expect(Object.keys(files)).toContain(`${lib}/kafka-events.json`);
    // what 0.3.0 took as it was, and failed the whole graph on (a TypeError in createDependencies)
    const damaged = [
      { ...written, files: null },
      {
        ...written,
        files: Object.fromEntries(
          Object.entries(files).map(([file, { hash }]) => [file, { hash, facts: 5 }]),
        ),
      },
    ];
    try {
      for (const content of damaged) {
        ws.write(cache, JSON.stringify(content));
        listsProjects();
        expect(dependents()).toEqual(before);
        // computed afresh and written anew
        expect(ws.readJson(cache)).toEqual(written);
      }
      ws.run('rm', [cache]);
      ws.run('mkdir', [cache]);
      listsProjects();
      expect(dependents()).toEqual(before);
    } finally {
      ws.run('rm', ['-rf', cache]);
    }
  });
});

function pluginNames(ws: Workspace): string[] {
  const plugins: Array<string | { plugin: string }> = ws.readJson('nx.json').plugins ?? [];
  return plugins.map((p) => (typeof p === 'string' ? p : p.plugin));
}
