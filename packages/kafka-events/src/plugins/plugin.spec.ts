import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';

// the plugin cache lives in the workspace data directory, which nx fixes when first loaded
const TMP = join(__dirname, '..', '..', '..', '..', 'tmp');
mkdirSync(TMP, { recursive: true });
const dataDir = mkdtempSync(join(TMP, 'plugin-data-'));
process.env.NX_WORKSPACE_DATA_DIRECTORY = dataDir;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createNodes, createNodesV2 } = require('./plugin') as typeof import('./plugin');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createNodes: fromPackageMain } = require('../index') as typeof import('../index');

const config = (domain: string, versions = 1) => ({
  domain,
  entity: domain.replace(/s$/, ''),
  topic: `${domain}-events`,
  source: `/${domain}`,
  compatibility: 'BACKWARD',
  events: [{ name: 'created', type: `${domain}.created`, versions: Array.from({ length: versions }, (_, i) => i + 1), key: 'id' }],
});

describe('kafka-events inference plugin', () => {
  let workspace: string;
  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), typeof content === 'string' ? content : JSON.stringify(content));
  };
  const context = (): CreateNodesContext => ({ workspaceRoot: workspace, nxJsonConfiguration: {}, configFiles: [] }) as CreateNodesContext;
  const infer = (files: string[], options?: object): Promise<[string, CreateNodesResult][]> =>
    createNodes[1](files, options as never, context()) as Promise<[string, CreateNodesResult][]>;

  beforeEach(() => {
    workspace = mkdtempSync(join(TMP, 'plugin-ws-'));
    write('package.json', { name: '@acme/source', devDependencies: { zod: '^4.6.7', nx: '23.2.1' } });
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('matches kafka-events.json files and is exported as createNodesV2 and from the package main', () => {
    expect(createNodes[0]).toBe('**/kafka-events.json');
    expect(createNodesV2).toBe(createNodes);
    expect(fromPackageMain).toBe(createNodes);
  });

  it('gives every domain project events-schemas and events-compat, sorted by file', async () => {
    write('libs/tasks-events/project.json', { name: 'tasks-events' });
    write('libs/tasks-events/kafka-events.json', config('tasks', 2));
    write('packages/orders-events/package.json', { name: '@acme/orders-events' });
    write('packages/orders-events/kafka-events.json', config('orders'));
    const results = await infer(['packages/orders-events/kafka-events.json', 'libs/tasks-events/kafka-events.json']);
    expect(results.map(([file]) => file)).toEqual(['libs/tasks-events/kafka-events.json', 'packages/orders-events/kafka-events.json']);

    const tasks = results[0][1].projects!['libs/tasks-events'];
    expect(Object.keys(tasks.targets!)).toEqual(['events-schemas', 'events-compat']);
    expect(tasks.targets!['events-schemas']).toEqual({
      command: 'kafka-events schemas {projectRoot}',
      cache: true,
      inputs: [
        '{projectRoot}/kafka-events.json',
        '{projectRoot}/src/**/*.ts',
        '!{projectRoot}/src/**/*.spec.ts',
        '!{projectRoot}/src/**/*.test.ts',
        { externalDependencies: ['zod'] },
      ],
      outputs: ['{projectRoot}/schemas', '{projectRoot}/asyncapi.yaml'],
      metadata: expect.objectContaining({
        description: expect.stringContaining('the tasks domain (2 event versions on tasks-events)'),
        technologies: expect.arrayContaining(['kafka']),
      }),
    });
    expect(tasks.targets!['events-compat']).toMatchObject({
      command: 'kafka-events check {projectRoot}',
      cache: true,
      inputs: expect.arrayContaining(['{projectRoot}/schemas/**/*.json', '{projectRoot}/kafka-events.json', { externalDependencies: ['zod'] }]),
      outputs: [],
      metadata: { description: expect.stringContaining('under BACKWARD compatibility') },
    });
    expect(results[1][1].projects!['packages/orders-events'].targets!['events-compat']).toBeDefined();
  });

  it('skips a kafka-events.json that is not in a project folder', async () => {
    write('docs/example/kafka-events.json', config('tasks'));
    expect(await infer(['docs/example/kafka-events.json'])).toEqual([['docs/example/kafka-events.json', {}]]);
  });

  it('still infers the targets for an unreadable kafka-events.json (their run names the problem)', async () => {
    write('libs/broken/project.json', { name: 'broken' });
    write('libs/broken/kafka-events.json', '{ not json');
    const [[, result]] = await infer(['libs/broken/kafka-events.json']);
    expect(result.projects!['libs/broken'].targets!['events-compat'].metadata!.description).toContain('this domain');
  });

  it('honours target names and compatBase; compatBase turns off caching of the check', async () => {
    write('libs/tasks-events/project.json', { name: 'tasks-events' });
    write('libs/tasks-events/kafka-events.json', config('tasks'));
    const [[, result]] = await infer(['libs/tasks-events/kafka-events.json'], {
      schemasTargetName: 'contract-snapshots',
      compatTargetName: 'contract-check',
      compatBase: 'origin/main',
    });
    const targets = result.projects!['libs/tasks-events'].targets!;
    expect(Object.keys(targets)).toEqual(['contract-snapshots', 'contract-check']);
    expect(targets['contract-check']).toMatchObject({ command: 'kafka-events check {projectRoot} --base origin/main', cache: false });
  });

  it('rejects bad options with a message naming the option', async () => {
    await expect(infer([], { compatTargetName: 'has space' })).rejects.toThrow('option compatTargetName must be a target name, got "has space"');
    await expect(infer([], { compatBase: '' })).rejects.toThrow('option compatBase must be a git ref');
  });

  it('lists kafka-events among the external dependencies when the workspace declares it', async () => {
    write('package.json', { devDependencies: { 'kafka-events': '0.1.0' }, dependencies: { zod: '^4.6.7' } });
    write('libs/a/project.json', {});
    write('libs/a/kafka-events.json', config('as'));
    const [[, result]] = await infer(['libs/a/kafka-events.json']);
    expect(result.projects!['libs/a'].targets!['events-schemas'].inputs).toContainEqual({ externalDependencies: ['kafka-events', 'zod'] });
  });

  describe('cache', () => {
    const cacheFiles = () => readdirSync(dataDir).filter((f) => f.startsWith('kafka-events-'));
    beforeEach(() => {
      for (const f of cacheFiles()) rmSync(join(dataDir, f));
      write('libs/tasks-events/project.json', { name: 'tasks-events' });
      write('libs/tasks-events/kafka-events.json', config('tasks'));
    });

    it('writes one cache file per options and serves unchanged files from it', async () => {
      await infer(['libs/tasks-events/kafka-events.json']);
      expect(cacheFiles()).toHaveLength(1);
      // mark the cached entry: a second run that returns the mark was served from the cache
      const path = join(dataDir, cacheFiles()[0]);
      const data = JSON.parse(readFileSync(path, 'utf8'));
      const [key] = Object.keys(data.entries);
      data.entries[key].metadata = { description: 'from the cache' };
      writeFileSync(path, JSON.stringify(data));
      const [[, second]] = await infer(['libs/tasks-events/kafka-events.json']);
      expect(second.projects!['libs/tasks-events'].metadata).toEqual({ description: 'from the cache' });
      await infer(['libs/tasks-events/kafka-events.json'], { compatTargetName: 'compat' });
      expect(cacheFiles()).toHaveLength(2);
    });

    it('recomputes when kafka-events.json changes', async () => {
      await infer(['libs/tasks-events/kafka-events.json']);
      write('libs/tasks-events/kafka-events.json', config('tasks', 3));
      const [[, result]] = await infer(['libs/tasks-events/kafka-events.json']);
      expect(result.projects!['libs/tasks-events'].targets!['events-schemas'].metadata!.description).toContain('3 event versions');
    });

    it('writes nothing with NX_CACHE_PROJECT_GRAPH=false', async () => {
      process.env.NX_CACHE_PROJECT_GRAPH = 'false';
      try {
        const [[, result]] = await infer(['libs/tasks-events/kafka-events.json']);
        expect(result.projects!['libs/tasks-events'].targets!['events-compat']).toBeDefined();
        expect(cacheFiles()).toEqual([]);
      } finally {
        delete process.env.NX_CACHE_PROJECT_GRAPH;
      }
    });
  });

  it('processes 300 projects in one batch, each with its own targets', async () => {
    const files: string[] = [];
    for (let i = 0; i < 300; i++) {
      const root = `libs/domain-${String(i).padStart(3, '0')}`;
      write(`${root}/project.json`, { name: `d${i}` });
      write(`${root}/kafka-events.json`, config(`d${i}s`, (i % 3) + 1));
      files.push(`${root}/kafka-events.json`);
    }
    const results = await infer([...files].reverse());
    expect(results).toHaveLength(300);
    expect(results.map(([file]) => file)).toEqual(files);
    results.forEach(([file, result], i) => {
      const project = result.projects![dirname(file)];
      expect(project.targets!['events-schemas'].metadata!.description).toContain(`the d${i}s domain (${(i % 3) + 1} event version`);
    });
  });
});
