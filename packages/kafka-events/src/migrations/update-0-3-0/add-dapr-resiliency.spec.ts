import { addProjectConfiguration, logger, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { daprGenerator } from '../../generators/dapr/dapr';
import type { DaprGeneratorSchema } from '../../generators/dapr/schema';
import { domainGenerator } from '../../generators/domain/domain';
import type { DomainGeneratorSchema } from '../../generators/domain/schema';
import {
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../../generators/testing/workspaces';
import addDaprResiliency from './add-dapr-resiliency';

const TASK_TYPES = ['task.created.v1', 'task.updated.v1', 'task.completed.v1', 'task.deleted.v1'];
const HEADER =
  '# Written by `nx g kafka-events:dapr`; re-running the generator rewrites this file.';

interface App {
  name: string;
  manifests?: string;
  pubsub?: string;
}

/**
 * What `nx g kafka-events:dapr --project <name> --domains tasks` of kafka-events 0.2.0 wrote
 * (its output, as it was, for the options used here).
 */
function write020(
  tree: Tree,
  importPath: string,
  { name, manifests = 'dapr', pubsub = 'kafka-pubsub' }: App,
): void {
  const root = `apps/${name}`;
  addProjectConfiguration(tree, name, {
    root,
    sourceRoot: `${root}/src`,
    projectType: 'application',
    targets: {},
  });
  const scopes = `scopes:\n  - ${name}\n`;
  tree.write(
    `${root}/${manifests}/components/${pubsub}.yaml`,
    `${HEADER}\n# Credentials come from secretKeyRef only; never put them here.\napiVersion: dapr.io/v1alpha1\n` +
      `kind: Component\nmetadata:\n  name: ${pubsub}\nspec:\n  type: pubsub.kafka\n  version: v1\n  metadata:\n` +
      [
        ['brokers', 'localhost:9092'],
        ['authType', 'none'],
        ['consumerGroup', name],
        ['clientID', name],
        ['initialOffset', 'oldest'],
        ['maxMessageBytes', "'1048576'"],
      ]
        .map(([key, value]) => `    - name: ${key}\n      value: ${value}\n`)
        .join('') +
      scopes,
  );
  tree.write(
    `${root}/${manifests}/subscriptions/task-events.yaml`,
    `${HEADER}\n# Events of the tasks domain (${importPath}) for ${name}.\napiVersion: dapr.io/v2alpha1\n` +
      `kind: Subscription\nmetadata:\n  name: ${name}-task-events\nspec:\n  pubsubname: ${pubsub}\n  topic: task-events\n` +
      `  routes:\n    rules:\n` +
      TASK_TYPES.map(
        (t) => `      - match: event.type == "${t}"\n        path: /events/task-events/${t}\n`,
      ).join('') +
      `    default: /events/task-events\n  deadLetterTopic: task-events.dlq\n` +
      scopes,
  );
  tree.write(`${root}/src/dapr/tasks.routes.ts`, routes020(name, importPath, manifests, pubsub));
}

function routes020(app: string, importPath: string, manifests: string, pubsub: string): string {
  const handlers = TASK_TYPES.map(
    (t) =>
      `    '${t}': async (_event) => {\n` +
      `      // TODO: handle ${t}; _event.payload is typed. Throw to have Dapr redeliver,\n` +
      `      // return 'DROP' to send the event to task-events.dlq.\n    },\n`,
  ).join('');
  return [
    '/**',
    ` * Dapr deliveries of the tasks domain (topic task-events) to ${app}.`,
    ' * Written once by `nx g kafka-events:dapr`; the app owns it from here.',
    ' *',
    ` * ${manifests}/subscriptions/task-events.yaml routes each event type to its path; mount the handler on the`,
    " * app's HTTP server: `http.createServer(tasksHandler.nodeListener)`, or",
    ' * `app.use(tasksHandler.nodeListener)` in express. Invalid events and unknown types are',
    ' * answered DROP (they go to the dead-letter topic), a handler that throws RETRY.',
    ' */',
    "import { createDaprHandler } from '@kafka-events/runtime';",
    `import { tasksDomain } from '${importPath}';`,
    '',
    'export const tasksHandler = createDaprHandler(tasksDomain, {',
    `  pubsubName: '${pubsub}',`,
    '  // Subscribed declaratively by the manifest: no programmatic GET /dapr/subscribe.',
    '  serveSubscriptions: false,',
    `  handlers: {\n${handlers}  },`,
    '});',
    '',
  ].join('\n');
}

const STYLES = [
  ['ts-solution', createTsSolutionWorkspace, '@wsts/tasks-events'],
  ['integrated', createIntegratedWorkspace, '@wsapps/tasks-events'],
] as const;

async function workspace(create: () => Tree): Promise<Tree> {
  const tree = create();
  await domainGenerator(tree, { name: 'tasks', skipFormat: true } as DomainGeneratorSchema);
  return tree;
}

/** What the 0.3.0 generator writes for the same app, in a workspace of its own. */
async function generated(create: () => Tree, app: App, file: string): Promise<string> {
  const tree = await workspace(create);
  addProjectConfiguration(tree, app.name, {
    root: `apps/${app.name}`,
    sourceRoot: `apps/${app.name}/src`,
    projectType: 'application',
    targets: {},
  });
  await daprGenerator(tree, {
    project: app.name,
    domains: 'tasks',
    manifestsDirectory: app.manifests,
    pubsubName: app.pubsub,
    skipFormat: true,
  } as DaprGeneratorSchema);
  return tree.read(file, 'utf-8')!;
}

describe('0.3.0: add-dapr-resiliency', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  describe.each(STYLES)('in a %s workspace', (_style, create, importPath) => {
    it.each([
      ['default options', { name: 'notifier' }],
      [
        'another manifests folder and pub/sub name',
        { name: 'billing', manifests: 'deploy/dapr', pubsub: 'events' },
      ],
    ])(
      'with %s: adds what the generator writes now and leaves the manifests it had',
      async (_label, app: App) => {
        const tree = await workspace(create);
        write020(tree, importPath, app);
        const manifests = `apps/${app.name}/${app.manifests ?? 'dapr'}`;
        const before = changedFiles(tree);

        const steps = await addDaprResiliency(tree);

        const resiliency = `${manifests}/resiliency.yaml`;
        const routes = `apps/${app.name}/src/dapr/tasks.routes.ts`;
        expect(tree.read(resiliency, 'utf-8')).toBe(await generated(create, app, resiliency));
        expect(tree.read(routes, 'utf-8')).toBe(await generated(create, app, routes));
        expect(parse(tree.read(resiliency, 'utf-8')!)).toMatchObject({
          kind: 'Resiliency',
          metadata: { name: `${app.name}-resiliency` },
          spec: {
            targets: {
              components: { [app.pubsub ?? 'kafka-pubsub']: { inbound: { retry: 'pubsubRetry' } } },
            },
          },
          scopes: [app.name],
        });
        const after = changedFiles(tree);
        expect(
          Object.keys(after)
            .filter((f) => after[f] !== before[f])
            .sort(),
        ).toEqual([resiliency, routes]);
        expect(steps).toEqual([
          expect.stringContaining(
            `Deploy the new Resiliency manifests with the apps' other Dapr manifests (${resiliency})`,
          ),
        ]);
        expect(warn).not.toHaveBeenCalled();
      },
    );

    it('is idempotent', async () => {
      const tree = await workspace(create);
      write020(tree, importPath, { name: 'notifier' });
      await addDaprResiliency(tree);
      const once = changedFiles(tree);
      expect(await addDaprResiliency(tree)).toEqual([]);
      expect(changedFiles(tree)).toEqual(once);
    });
  });

  it('replaces only the exact old sentences in a routes module the app changed, and leaves others alone', async () => {
    const tree = await workspace(createIntegratedWorkspace);
    write020(tree, '@wsapps/tasks-events', { name: 'notifier' });
    write020(tree, '@wsapps/tasks-events', { name: 'billing' });
    const notifier = 'apps/notifier/src/dapr/tasks.routes.ts';
    const old = tree.read(notifier, 'utf-8')!;
    // the app filled in one handler and reworded the module comment
    const filled = old
      .replace(
        "      // TODO: handle task.created.v1; _event.payload is typed. Throw to have Dapr redeliver,\n      // return 'DROP' to send the event to task-events.dlq.\n",
        '      await notify(_event.payload);\n',
      )
      .replace('a handler that throws RETRY.', 'a handler that throws is retried.\n * (our note)');
    tree.write(notifier, filled);
    // billing's module no longer has any of the old text
    const billing = 'apps/billing/src/dapr/tasks.routes.ts';
    const own = '// written by hand\nexport const tasksHandler = {};\n';
    tree.write(billing, own);

    await addDaprResiliency(tree);

    const text = tree.read(notifier, 'utf-8')!;
    expect(text).not.toContain('Throw to have Dapr redeliver');
    expect(text).toContain('      await notify(_event.payload);\n    },');
    expect(text).toContain('a handler that throws is retried.\n * (our note)');
    for (const type of TASK_TYPES.slice(1)) {
      expect(text).toContain(
        `      // TODO: handle ${type}; _event.payload is typed.\n      // Throwing (the runtime answers RETRY)`,
      );
    }
    // outside the replaced sentences, every line is the app's
    const untouched = (s: string) => s.split('\n').filter((l) => !l.trimStart().startsWith('//'));
    expect(untouched(text)).toEqual(untouched(filled));
    expect(tree.read(billing, 'utf-8')).toBe(own);
    expect(
      tree
        .listChanges()
        .find((c) => c.path === billing)
        ?.content?.toString(),
    ).toBe(own);
  });

  it('quotes the policy of a resiliency.yaml the generator wrote, and keeps one the app wrote', async () => {
    const tree = await workspace(createIntegratedWorkspace);
    write020(tree, '@wsapps/tasks-events', { name: 'notifier' });
    write020(tree, '@wsapps/tasks-events', { name: 'billing' });
    // notifier re-ran the 0.3.0 generator for its manifests only; billing wrote its own policy
    const notifierResiliency = 'apps/notifier/dapr/resiliency.yaml';
    const generatedResiliency = await generated(
      createIntegratedWorkspace,
      { name: 'notifier' },
      notifierResiliency,
    );
    tree.write(notifierResiliency, generatedResiliency.replace('maxRetries: 5', 'maxRetries: 2'));
    const billingResiliency = 'apps/billing/dapr/resiliency.yaml';
    const handWritten =
      'apiVersion: dapr.io/v1alpha1\nkind: Resiliency\nmetadata:\n  name: billing\n';
    tree.write(billingResiliency, handWritten);

    expect(await addDaprResiliency(tree)).toEqual([]);

    expect(tree.read(billingResiliency, 'utf-8')).toBe(handWritten);
    expect(tree.read('apps/notifier/src/dapr/tasks.routes.ts', 'utf-8')).toContain(
      'as dapr/resiliency.yaml\n      // says (up to 2 retries, exponential back-off up to 10s)',
    );
    expect(tree.read('apps/billing/src/dapr/tasks.routes.ts', 'utf-8')).toContain(
      'as dapr/resiliency.yaml\n      // says, then it goes to task-events.dlq;',
    );
  });

  it('finds the apps of a shared Component through their Subscriptions', async () => {
    const tree = await workspace(createIntegratedWorkspace);
    for (const name of ['notifier', 'billing']) {
      addProjectConfiguration(tree, name, {
        root: `apps/${name}`,
        sourceRoot: `apps/${name}/src`,
        projectType: 'application',
        targets: {},
      });
      await daprGenerator(tree, {
        project: name,
        domains: 'tasks',
        skipFormat: true,
      } as DaprGeneratorSchema);
    }
    tree.delete('apps/billing/dapr/resiliency.yaml');
    await addDaprResiliency(tree);
    expect(tree.read('apps/billing/dapr/resiliency.yaml', 'utf-8')).toBe(
      await generated(
        createIntegratedWorkspace,
        { name: 'billing' },
        'apps/billing/dapr/resiliency.yaml',
      ),
    );
  });

  it('warns about YAML it cannot read and goes on; files it did not write are not its business', async () => {
    const tree = await workspace(createIntegratedWorkspace);
    write020(tree, '@wsapps/tasks-events', { name: 'notifier' });
    write020(tree, '@wsapps/tasks-events', { name: 'billing' });
    tree.write(
      'apps/billing/dapr/components/kafka-pubsub.yaml',
      `${HEADER}\nkind: Component\nscopes: [billing\n`,
    );
    tree.write('deploy/other.yaml', 'kind: Component\nmetadata: {name: x}\nscopes: [orders]\n');
    tree.write('deploy/broken.yaml', 'kind: [\n');

    const steps = await addDaprResiliency(tree);

    expect(tree.exists('apps/notifier/dapr/resiliency.yaml')).toBe(true);
    expect(tree.exists('apps/billing/dapr/resiliency.yaml')).toBe(false);
    expect(tree.exists('deploy/resiliency.yaml')).toBe(false);
    expect(steps).toEqual([
      expect.stringContaining('apps/notifier/dapr/resiliency.yaml'),
      expect.stringMatching(
        /^apps\/billing\/dapr\/components\/kafka-pubsub\.yaml is not valid YAML .*: skipped\.$/,
      ),
    ]);
    expect(warn).toHaveBeenCalledWith(steps[1]);
  });

  it('changes nothing in a workspace without Dapr manifests', async () => {
    const tree = await workspace(createTsSolutionWorkspace);
    const before = changedFiles(tree);
    expect(await addDaprResiliency(tree)).toEqual([]);
    expect(changedFiles(tree)).toEqual(before);
  });
});
