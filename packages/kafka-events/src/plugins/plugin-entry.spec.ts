/**
 * Nx loads the plugin entry in a worker process on every project graph computation: loading
 * @nx/devkit there costs 130-200 ms (docs/benchmarks.md), so the entry must not, while it infers.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateDependenciesContext, CreateNodesContext } from '@nx/devkit';

jest.mock('@nx/devkit', () => {
  throw new Error('the plugin entry loaded @nx/devkit');
});
jest.mock('@nx/devkit/internal', () => {
  throw new Error('the plugin entry loaded @nx/devkit/internal');
});

const packageRoot = join(__dirname, '..', '..');

describe('the light plugin entry (kafka-events/plugin)', () => {
  it('infers the targets and reports a file it cannot use without loading @nx/devkit', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const workspace = mkdtempSync(join(packageRoot, '..', '..', 'tmp', 'plugin-entry-'));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(workspace, path)), { recursive: true });
        writeFileSync(join(workspace, path), text);
      };
      write('libs/tasks-events/project.json', '{"name":"tasks-events"}');
      write(
        'libs/tasks-events/kafka-events.json',
        '{"domain":"tasks","topic":"task-events","events":[{"versions":[1,2]}]}',
      );
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createNodes } = require('./plugin') as typeof import('./plugin');
      const [[, result]] = await createNodes[1](['libs/tasks-events/kafka-events.json'], {}, {
        workspaceRoot: workspace,
        nxJsonConfiguration: {},
      } as CreateNodesContext);
      expect(Object.keys(result.projects!['libs/tasks-events'].targets!)).toEqual([
        'events-schemas',
        'events-compat',
        'events-topics',
      ]);
      // the file lacks fields the targets need: reported without @nx/devkit either
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining('"entity" must be a non-empty string'),
      );
    } finally {
      warn.mockRestore();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('adds the graph edges of a Dapr-manifest-only consumer without loading @nx/devkit', async () => {
    const workspace = mkdtempSync(join(packageRoot, '..', '..', 'tmp', 'plugin-entry-'));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(workspace, path)), { recursive: true });
        writeFileSync(join(workspace, path), text);
      };
      write('libs/tasks-events/kafka-events.json', '{"domain":"tasks","topic":"task-events"}');
      write(
        'apps/audit/dapr/sub.yaml',
        'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nspec:\n  topic: task-events\n',
      );
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createDependencies } = require('./plugin') as typeof import('./plugin');
      const files = (...names: string[]) => names.map((file) => ({ file, hash: file }));
      const edges = await createDependencies(undefined, {
        workspaceRoot: workspace,
        projects: { 'tasks-events': { root: 'libs/tasks-events' }, audit: { root: 'apps/audit' } },
        fileMap: {
          projectFileMap: {
            'tasks-events': files('libs/tasks-events/kafka-events.json'),
            audit: files('apps/audit/dapr/sub.yaml'),
          },
          nonProjectFiles: [],
        },
      } as unknown as CreateDependenciesContext);
      expect(edges).toEqual([
        {
          source: 'audit',
          target: 'tasks-events',
          sourceFile: 'apps/audit/dapr/sub.yaml',
          type: 'static',
        },
      ]);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('is plugin.js at the package root, shipped, and requires the compiled src/plugins/plugin.ts', () => {
    const entry = readFileSync(join(packageRoot, 'plugin.js'), 'utf8');
    const [, target] = /require\('\.\/(dist\/[\w/-]+)'\)/.exec(entry) ?? [];
    expect(target).toBe('dist/plugins/plugin');
    expect(readFileSync(join(packageRoot, 'src/plugins/plugin.ts'), 'utf8')).toContain(
      'export const createNodes',
    );
    expect(readFileSync(join(packageRoot, 'plugin.d.ts'), 'utf8')).toContain(
      "from './dist/plugins/plugin'",
    );
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
    expect(pkg.files).toEqual(expect.arrayContaining(['plugin.js', 'plugin.d.ts', 'dist']));
  });
});
