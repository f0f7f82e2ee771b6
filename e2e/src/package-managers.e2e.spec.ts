import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  packedTarballs,
  repoRoot,
  run,
  workspace,
  type Workspace,
} from '../utils/nx-workspace.cjs';
import { startVerdaccio, type Verdaccio } from '../utils/verdaccio.cjs';

// kafka-events as users install it, with each package manager:
//  - `nx release publish` puts both packages on a private registry (Verdaccio on 127.0.0.1, which
//    never asks the public registry for kafka-events: the public name is an unrelated placeholder);
//  - npm: `npm i -D kafka-events` + `nx g kafka-events:init`, and `nx add kafka-events`, from it;
//  - pnpm 10 (corepack): the packed tarballs, the flow that failed in 0.2.0 with
//    ERR_PNPM_FETCH_404 when the library asked the registry for the runtime the root had from a
//    tarball;
//  - yarn 4 (corepack, node_modules linker): `yarn add -D kafka-events` from the registry. (A
//    tarball declared by two yarn workspaces gets one yarn.lock entry per workspace, which Nx
//    23.2.1's yarn.lock parser rejects: "Source project does not exist".)
// Each generates a domain, whose own install step must succeed, and builds, tests and typechecks it.
const version: string = JSON.parse(
  readFileSync(join(repoRoot, 'packages', 'kafka-events', 'package.json'), 'utf8'),
).version;
// pinned, so a new pnpm or yarn release cannot change what this test means
const PNPM = 'pnpm@10.34.9';
const YARN = 'yarn@4.18.1';

describe('installing kafka-events with npm, pnpm and yarn', () => {
  let tmp: string;
  let registry: Verdaccio;
  let env: Record<string, string>;
  const workspaces: Partial<Record<'npm' | 'npmAdd' | 'pnpm' | 'yarn', Workspace>> = {};

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kafka-events-pm-'));
    env = corepack(join(tmp, 'corepack'));
    registry = await startVerdaccio({ dir: join(tmp, 'registry') });
    // the three workspaces are created at once: mostly waiting on the network
    const created = await Promise.all(
      (['npm', 'pnpm', 'yarn'] as const).map((pm) => createWorkspaceAsync(pm)),
    );
    [workspaces.npm, workspaces.pnpm, workspaces.yarn] = created;
    // the `nx add` path starts from the same fresh npm workspace
    const copy = join(tmp, 'npm-add', 'acme');
    cpSync(workspaces.npm!.root, copy, { recursive: true, verbatimSymlinks: true });
    rmSync(join(copy, '.nx'), { recursive: true, force: true }); // caches name the first folder
    workspaces.npmAdd = workspace(copy);
  });

  afterAll(() => registry?.stop());

  /** createWorkspace in a child process, so the three installs overlap. */
  async function createWorkspaceAsync(pm: 'npm' | 'pnpm' | 'yarn'): Promise<Workspace> {
    const parentDir = join(tmp, pm);
    mkdirSync(parentDir);
    const utils = JSON.stringify(require.resolve('../utils/nx-workspace.cjs'));
    const options = JSON.stringify({ preset: 'ts', parentDir, packageManager: pm });
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['-e', `require(${utils}).createWorkspace(${options})`],
        { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`create-nx-workspace --packageManager=${pm} failed:\n${output}`)),
      );
    });
    return workspace(join(parentDir, 'acme'));
  }

  const pm = (ws: Workspace, cmd: string, args: string[]) => ws.run(cmd, args, { env });
  const nx = (ws: Workspace, args: string[]) => ws.nx(args, { env });

  it('nx release publish puts on the registry exactly what `npm run pack` packs', () => {
    run(
      join(repoRoot, 'node_modules', '.bin', 'nx'),
      // `npm run pack` (test:e2e runs it first) has built both packages
      ['release', 'publish', '--registry', registry.url, '--excludeTaskDependencies'],
      { cwd: repoRoot, env: { ...env, NPM_CONFIG_USERCONFIG: registry.npmrc } },
    );
    const tarballs = packedTarballs();
    for (const [name, tarball] of [
      ['kafka-events', tarballs.plugin],
      ['@kafka-events/runtime', tarballs.runtime],
    ] as const) {
      const published = run(
        'npm',
        ['view', `${name}@${version}`, 'dist.integrity', '--registry', registry.url],
        { env: { NPM_CONFIG_USERCONFIG: registry.npmrc } },
      ).stdout.trim();
      const packed = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
      expect({ name, integrity: published }).toEqual({ name, integrity: packed });
    }
  });

  describe('npm, from the registry', () => {
    const useRegistry = (ws: Workspace) => ws.write('.npmrc', `registry=${registry.url}\n`);

    it('npm i -D kafka-events, then init and a domain whose install step gets the runtime from the registry', () => {
      const ws = workspaces.npm!;
      useRegistry(ws);
      pm(ws, 'npm', ['install', '--save-dev', 'kafka-events']);
      expectOurPlugin(ws);
      nx(ws, ['g', 'kafka-events:init', '--no-interactive']);
      expect(ws.readJson('package.json').dependencies['@kafka-events/runtime']).toBe(`^${version}`);
      nx(ws, ['g', 'kafka-events:domain', 'tasks', '--no-interactive']);
      expect(ws.readJson('packages/tasks-events/package.json').dependencies).toMatchObject({
        '@kafka-events/runtime': `^${version}`,
      });
      // (the yarn case below also builds, tests and typechecks a library on the registry's runtime)
      expect(ws.readJson('node_modules/@kafka-events/runtime/package.json').version).toBe(version);
    });

    it('nx add kafka-events installs it and runs its init generator', () => {
      const ws = workspaces.npmAdd!;
      useRegistry(ws);
      nx(ws, ['add', 'kafka-events']);
      expectOurPlugin(ws);
      const pkg = ws.readJson('package.json');
      expect(pkg.devDependencies['kafka-events']).toBe(`^${version}`);
      // what init adds
      expect(pkg.dependencies).toMatchObject({
        '@kafka-events/runtime': `^${version}`,
        kafkajs: expect.any(String),
        zod: expect.any(String),
      });
      expect(ws.readJson('nx.json').plugins).toContainEqual({ plugin: 'kafka-events/plugin' });
      expect(ws.exists('node_modules/@kafka-events/runtime/package.json')).toBe(true);
    });
  });

  it('pnpm, from the tarballs: init, a domain whose pnpm install succeeds, test, build, typecheck', () => {
    const ws = workspaces.pnpm!;
    const { plugin, runtime } = packedTarballs();
    pm(ws, 'pnpm', ['add', '-w', runtime]);
    pm(ws, 'pnpm', ['add', '-Dw', plugin]);
    nx(ws, ['g', 'kafka-events:init', '--no-interactive']);
    const { output } = nx(ws, ['g', 'kafka-events:domain', 'tasks', '--no-interactive']);
    expect(output).toMatch(/using pnpm v10\./); // the generator's install step ran pnpm
    const rootSpec = ws.readJson('package.json').dependencies['@kafka-events/runtime'];
    expect(rootSpec).toMatch(/^file:.*kafka-events-runtime-.*\.tgz$/);
    expect(ws.readJson('packages/tasks-events/package.json').dependencies).toMatchObject({
      '@kafka-events/runtime': rootSpec,
    });
    nx(ws, ['run-many', '-t', 'test,build,typecheck', '--outputStyle=static']);
  });

  it('yarn (node_modules linker), from the registry: init, a domain whose yarn install succeeds, test, build, typecheck', () => {
    const ws = workspaces.yarn!;
    expect(ws.read('.yarnrc.yml')).toMatch(/^nodeLinker: node-modules$/m);
    // yarn 4 quarantines versions younger than a day (npmMinimalAgeGate): users who install what
    // they just published exempt their own packages
    appendFileSync(
      join(ws.root, '.yarnrc.yml'),
      [
        `npmRegistryServer: "${registry.url.replace(/\/$/, '')}"`,
        'unsafeHttpWhitelist: ["127.0.0.1"]',
        'npmPreapprovedPackages: ["kafka-events", "@kafka-events/*"]',
        '',
      ].join('\n'),
    );
    pm(ws, 'yarn', ['add', '-D', 'kafka-events']);
    expectOurPlugin(ws);
    nx(ws, ['g', 'kafka-events:init', '--no-interactive']);
    const { output } = nx(ws, ['g', 'kafka-events:domain', 'tasks', '--no-interactive']);
    expect(output).toMatch(/Yarn 4\./); // the generator's install step ran yarn
    expect(ws.readJson('packages/tasks-events/package.json').dependencies).toMatchObject({
      '@kafka-events/runtime': `^${version}`,
    });
    expect(ws.readJson('node_modules/@kafka-events/runtime/package.json').version).toBe(version);
    nx(ws, ['run-many', '-t', 'test,build,typecheck', '--outputStyle=static']);
  });
});

/** The installed kafka-events is this repository's plugin, never the public placeholder. */
function expectOurPlugin(ws: Workspace): void {
  const pkg = ws.readJson('node_modules/kafka-events/package.json');
  expect({ version: pkg.version, generators: pkg.generators }).toEqual({
    version,
    generators: './generators.json',
  });
}

/**
 * pnpm and yarn through corepack, as their docs tell users, pinned and installed into `dir`
 * (shims on PATH, downloads in COREPACK_HOME) from the npm registry this machine uses.
 */
function corepack(dir: string): Record<string, string> {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const npmRegistry = run('npm', ['config', 'get', 'registry']).stdout.trim();
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH}`,
    COREPACK_HOME: join(dir, 'home'),
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    COREPACK_NPM_REGISTRY: npmRegistry.replace(/\/$/, ''),
    // use the pinned versions below, never look up "latest"
    COREPACK_DEFAULT_TO_LATEST: '0',
    // the registry this machine reaches serves no npm signatures for corepack to check
    // ("No compatible signature found in package metadata")
    COREPACK_INTEGRITY_KEYS: '0',
    // CI=true makes yarn 4 refuse any lockfile change, and a generator's install changes it
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    // yarn's own caches here too: its metadata cache is keyed by host without the port, so a
    // shared one would hand out tarball URLs of an earlier run's registry
    YARN_GLOBAL_FOLDER: join(dir, 'yarn'),
  };
  run('corepack', ['enable', '--install-directory', bin, 'pnpm', 'yarn'], { env });
  run('corepack', ['install', '--global', PNPM, YARN], { env });
  return env;
}
