import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodesContext, CreateNodesResult, NxJsonConfiguration } from '@nx/devkit';
import { initGitRepo } from '../contract/testing/git-repo';

// the plugin keeps no cache: the workspace data directory (fixed when nx loads) must stay empty
const TMP = join(__dirname, '..', '..', '..', '..', 'tmp');
mkdirSync(TMP, { recursive: true });
const dataDir = mkdtempSync(join(TMP, 'plugin-data-'));
process.env.NX_WORKSPACE_DATA_DIRECTORY = dataDir;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createNodes, createNodesV2 } = require('./plugin') as typeof import('./plugin');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createNodes: fromPackageMain } = require('../index') as typeof import('../index');

const DEFAULT_BASE_INPUTS = [
  { env: 'NX_BASE' },
  {
    runtime:
      'git rev-parse --verify -q "$NX_BASE" || git rev-parse --verify -q origin/main || git rev-parse --verify -q main || echo no-base',
  },
];

const config = (domain: string, versions = 1) => ({
  domain,
  entity: domain.replace(/s$/, ''),
  topic: `${domain}-events`,
  source: `/${domain}`,
  compatibility: 'BACKWARD',
  events: [
    {
      name: 'created',
      type: `${domain}.created`,
      versions: Array.from({ length: versions }, (_, i) => i + 1),
      key: 'id',
    },
  ],
});

describe('kafka-events inference plugin', () => {
  let workspace: string;
  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(
      join(workspace, path),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  };
  const context = (nxJson: NxJsonConfiguration): CreateNodesContext =>
    ({
      workspaceRoot: workspace,
      nxJsonConfiguration: nxJson,
      configFiles: [],
    }) as CreateNodesContext;
  const infer = (
    files: string[],
    options?: object,
    nxJson: NxJsonConfiguration = {},
  ): Promise<[string, CreateNodesResult][]> =>
    createNodes[1](files, options as never, context(nxJson)) as Promise<
      [string, CreateNodesResult][]
    >;

  beforeEach(() => {
    workspace = mkdtempSync(join(TMP, 'plugin-ws-'));
    write('package.json', {
      name: '@acme/source',
      devDependencies: { zod: '^4.6.7', nx: '23.2.1' },
    });
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
    const results = await infer([
      'packages/orders-events/kafka-events.json',
      'libs/tasks-events/kafka-events.json',
    ]);
    expect(results.map(([file]) => file)).toEqual([
      'libs/tasks-events/kafka-events.json',
      'packages/orders-events/kafka-events.json',
    ]);

    const tasks = results[0][1].projects!['libs/tasks-events'];
    expect(Object.keys(tasks.targets!)).toEqual([
      'events-schemas',
      'events-compat',
      'events-topics',
    ]);
    expect(tasks.targets!['events-topics']).toEqual({
      command: 'kafka-events topics {projectRoot} --ensure',
      cache: false,
      metadata: expect.objectContaining({
        description: expect.stringMatching(
          /^Create tasks-events and tasks-events\.dlq of the tasks domain \(2 event versions on tasks-events\) on the cluster in KAFKA_BROKERS/,
        ),
      }),
    });
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
      inputs: [
        '{projectRoot}/kafka-events.json',
        '{projectRoot}/src/**/*.ts',
        '!{projectRoot}/src/**/*.spec.ts',
        '!{projectRoot}/src/**/*.test.ts',
        '{projectRoot}/schemas/**/*.json',
        { externalDependencies: ['zod'] },
        ...DEFAULT_BASE_INPUTS,
      ],
      outputs: [],
      metadata: {
        description: expect.stringContaining(
          'against the snapshots published on main (origin/main when fetched; NX_BASE overrides) under BACKWARD compatibility',
        ),
      },
    });
    expect(
      results[1][1].projects!['packages/orders-events'].targets!['events-compat'],
    ).toBeDefined();
  });

  it('skips a kafka-events.json that is not in a project folder', async () => {
    write('docs/example/kafka-events.json', config('tasks'));
    expect(await infer(['docs/example/kafka-events.json'])).toEqual([
      ['docs/example/kafka-events.json', {}],
    ]);
  });

  it('hashes the commit of nx.json defaultBase (or affected.defaultBase) and turns caching off for a ref unsafe in a shell', async () => {
    write('libs/tasks-events/project.json', { name: 'tasks-events' });
    write('libs/tasks-events/kafka-events.json', config('tasks'));
    const compat = async (nxJson: NxJsonConfiguration) =>
      (await infer(['libs/tasks-events/kafka-events.json'], undefined, nxJson))[0][1].projects![
        'libs/tasks-events'
      ].targets!['events-compat'];
    const trunk = await compat({ defaultBase: 'trunk' });
    expect(trunk.cache).toBe(true);
    expect(trunk.inputs).toContainEqual({
      runtime:
        'git rev-parse --verify -q "$NX_BASE" || git rev-parse --verify -q origin/trunk || git rev-parse --verify -q trunk || echo no-base',
    });
    expect(trunk.metadata!.description).toContain('published on trunk');
    expect((await compat({ affected: { defaultBase: 'develop' } })).inputs).toContainEqual({
      runtime: expect.stringContaining('origin/develop'),
    });
    const unsafe = await compat({ defaultBase: 'a;b' });
    expect(unsafe.cache).toBe(false);
    expect(unsafe.inputs).not.toContainEqual({ env: 'NX_BASE' });
  });

  describe('the base runtime input, run as Nx runs it (sh -c at the workspace root)', () => {
    const runtimeOf = async () => {
      write('libs/tasks-events/project.json', { name: 'tasks-events' });
      write('libs/tasks-events/kafka-events.json', config('tasks'));
      const [[, result]] = await infer(['libs/tasks-events/kafka-events.json']);
      const inputs = result.projects!['libs/tasks-events'].targets!['events-compat'].inputs!;
      return (inputs.find((i) => typeof i === 'object' && 'runtime' in i) as { runtime: string })
        .runtime;
    };
    const output = (command: string, env: Record<string, string> = {}) =>
      execFileSync('sh', ['-c', command], {
        cwd: workspace,
        env: { ...process.env, GIT_CEILING_DIRECTORIES: TMP, NX_BASE: '', ...env },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();

    it('prints NX_BASE, origin/main or main, in that order, or no-base', async () => {
      const command = await runtimeOf();
      expect(output(command)).toBe('no-base'); // not a repository
      const repo = initGitRepo(workspace);
      expect(output(command)).toBe('no-base'); // no commit yet
      const first = repo.commitAll('first');
      expect(output(command)).toBe(first);
      const second = repo.commitAll('second, a new commit on main: the cached check is stale');
      expect(output(command)).toBe(second);
      repo.git(['update-ref', 'refs/remotes/origin/main', first]);
      expect(output(command)).toBe(first);
      expect(output(command, { NX_BASE: second })).toBe(second);
    });
  });

  it('honours target names and compatBase, hashing the commit compatBase names', async () => {
    write('libs/tasks-events/project.json', { name: 'tasks-events' });
    write('libs/tasks-events/kafka-events.json', config('tasks'));
    const [[, result]] = await infer(['libs/tasks-events/kafka-events.json'], {
      schemasTargetName: 'contract-snapshots',
      compatTargetName: 'contract-check',
      topicsTargetName: 'contract-topics',
      compatBase: 'origin/main',
    });
    const targets = result.projects!['libs/tasks-events'].targets!;
    expect(Object.keys(targets)).toEqual([
      'contract-snapshots',
      'contract-check',
      'contract-topics',
    ]);
    expect(targets['contract-check']).toMatchObject({
      command: 'kafka-events check {projectRoot} --base origin/main',
      cache: true,
    });
    expect(targets['contract-check'].inputs).toContainEqual({
      runtime: 'git rev-parse --verify -q origin/main || echo no-base',
    });
    expect(targets['contract-check'].inputs).not.toContainEqual({ env: 'NX_BASE' }); // --base wins over NX_BASE
  });

  it('rejects bad options with a message naming the option', async () => {
    await expect(infer([], { compatTargetName: 'has space' })).rejects.toThrow(
      'option compatTargetName must be a target name, got "has space"',
    );
    await expect(infer([], { compatBase: '' })).rejects.toThrow(
      'option compatBase must be a git ref',
    );
    await expect(infer([], { compatBase: 'main; rm -rf ~' })).rejects.toThrow(
      'option compatBase must be a git ref such as "origin/main" (letters, digits and . / @ + ~ -), got "main; rm -rf ~"',
    );
  });

  it('lists kafka-events among the external dependencies when the workspace declares it', async () => {
    write('package.json', {
      devDependencies: { 'kafka-events': '0.1.0' },
      dependencies: { zod: '^4.6.7' },
    });
    write('libs/a/project.json', {});
    write('libs/a/kafka-events.json', config('as'));
    const [[, result]] = await infer(['libs/a/kafka-events.json']);
    expect(result.projects!['libs/a'].targets!['events-schemas'].inputs).toContainEqual({
      externalDependencies: ['kafka-events', 'zod'],
    });
  });

  describe('no cache', () => {
    beforeEach(() => {
      write('libs/tasks-events/project.json', { name: 'tasks-events' });
      write('libs/tasks-events/kafka-events.json', config('tasks'));
    });

    it('writes nothing to the workspace data directory', async () => {
      const [[, result]] = await infer(['libs/tasks-events/kafka-events.json']);
      expect(result.projects!['libs/tasks-events'].targets!['events-compat']).toBeDefined();
      expect(readdirSync(dataDir)).toEqual([]);
    });

    it('shows a changed kafka-events.json at the next call', async () => {
      await infer(['libs/tasks-events/kafka-events.json']);
      write('libs/tasks-events/kafka-events.json', config('tasks', 3));
      const [[, result]] = await infer(['libs/tasks-events/kafka-events.json']);
      expect(
        result.projects!['libs/tasks-events'].targets!['events-schemas'].metadata!.description,
      ).toContain('3 event versions');
    });
  });

  describe('a kafka-events.json it cannot use: targets kept, one warning, never a throw', () => {
    // Nx fails the whole project graph when createNodes throws, even for one file
    let warn: jest.SpyInstance;
    beforeEach(() => {
      warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      write('libs/tasks-events/project.json', { name: 'tasks-events' });
      write('libs/tasks-events/kafka-events.json', config('tasks'));
    });
    afterEach(() => warn.mockRestore());
    const warnings = () => warn.mock.calls.map(([message]) => String(message));

    /** Infers `broken` beside tasks-events; returns the broken project's compat description. */
    const inferBroken = async (root: string) => {
      const results = await infer([
        `${root}/kafka-events.json`,
        'libs/tasks-events/kafka-events.json',
      ]);
      const byFile = new Map(results);
      expect(
        byFile.get('libs/tasks-events/kafka-events.json')!.projects!['libs/tasks-events'].targets![
          'events-schemas'
        ].metadata!.description,
      ).toContain('the tasks domain');
      const targets = byFile.get(`${root}/kafka-events.json`)!.projects![root].targets!;
      expect(Object.keys(targets)).toEqual(['events-schemas', 'events-compat', 'events-topics']);
      return targets['events-compat'].metadata!.description!;
    };

    it.each([
      ['not JSON', '{ not json', /invalid JSON: /],
      ['a wrong type', { ...config('bills'), topic: 42 }, /"topic" must be a non-empty string/],
      [
        'a missing field',
        { domain: 'bills', topic: 'bills' },
        /"entity" must be a non-empty string/,
      ],
      [
        'a bad event entry',
        {
          ...config('bills'),
          events: [{ name: 'paid', type: 'bill.paid', key: 'id', versions: [] }],
        },
        /"events\[0\]\.versions" must be a non-empty array of versions/,
      ],
      ['null', 'null', /"\(root\)" must be an object/],
    ])('%s: warns naming the project and the file', async (_label, content, problem) => {
      write('libs/billing/project.json', { name: 'billing' });
      write('libs/billing/kafka-events.json', content);
      await inferBroken('libs/billing');
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatch(
        /^kafka-events: project billing \(libs\/billing\) has a kafka-events\.json its event targets cannot use: libs\/billing\/kafka-events\.json: /,
      );
      expect(warnings()[0]).toMatch(problem);
    });

    it('a file it cannot read (a folder): warns with the reason, names a package.json project', async () => {
      write('packages/billing/package.json', { name: '@acme/billing' });
      mkdirSync(join(workspace, 'packages/billing/kafka-events.json'));
      expect(await inferBroken('packages/billing')).toContain('this domain');
      expect(warnings()).toEqual([
        expect.stringMatching(
          /^kafka-events: project @acme\/billing \(packages\/billing\) .*: packages\/billing\/kafka-events\.json: EISDIR/,
        ),
      ]);
    });

    it('warns once per problem while the file stays broken, again for a new problem or after a fix', async () => {
      write('libs/billing/project.json', {});
      write('libs/billing/kafka-events.json', '{ not json');
      await inferBroken('libs/billing');
      await inferBroken('libs/billing');
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toContain('project libs/billing (libs/billing)'); // no name: the folder
      write('libs/billing/kafka-events.json', { ...config('bills'), source: '' });
      await inferBroken('libs/billing');
      expect(warnings()).toHaveLength(2);
      expect(warnings()[1]).toContain('"source" must be a non-empty string');
      write('libs/billing/kafka-events.json', config('bills'));
      expect(await inferBroken('libs/billing')).toContain('the bills domain');
      expect(warnings()).toHaveLength(2);
      write('libs/billing/kafka-events.json', { ...config('bills'), source: '' });
      await inferBroken('libs/billing');
      expect(warnings()).toHaveLength(3);
    });

    it('a valid file warns nothing', async () => {
      await infer(['libs/tasks-events/kafka-events.json']);
      expect(warn).not.toHaveBeenCalled();
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
      expect(project.targets!['events-schemas'].metadata!.description).toContain(
        `the d${i}s domain (${(i % 3) + 1} event version`,
      );
    });
  });
});
