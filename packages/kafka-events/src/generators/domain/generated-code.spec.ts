/**
 * Compiles and runs what the generator writes, against the local runtime and zod, so a broken
 * template fails here in seconds rather than in the e2e. Output goes to <repo>/tmp/gen-check
 * (git-ignored) and is left there for inspection.
 */
import type { Tree } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  changedFiles,
  createIntegratedWorkspace,
  createTsSolutionWorkspace,
} from '../testing/workspaces';
import { eventGenerator } from '../event/event';
import type { EventGeneratorSchema } from '../event/schema';
import { domainGenerator } from './domain';
import type { DomainGeneratorSchema } from './schema';

const repo = join(__dirname, '..', '..', '..', '..', '..');
const out = join(repo, 'tmp', 'gen-check');
const runtimeOut = join(out, 'runtime');
const tsc = require.resolve('typescript/bin/tsc');
const jestBin = require.resolve('jest/bin/jest');

const LIBRARIES: Partial<DomainGeneratorSchema>[] = [
  { name: 'tasks' },
  { name: 'reminders' },
  { name: 'recurring' },
  { name: 'notifications' },
  // every switch turned off, on a domain without a preset
  {
    name: 'orders',
    events: 'placed,shipped',
    metadata: false,
    versioning: false,
    validation: false,
  },
];

/** Then grown with the event generator: new events, versions with their upcasters. */
const EVENTS: EventGeneratorSchema[] = [
  { domain: 'tasks', name: 'archived' },
  { domain: 'tasks', name: 'created', bump: true },
  { domain: 'tasks', name: 'created', bump: true },
  { domain: 'tasks', name: 'archived', eventVersion: 2 },
  { domain: 'reminders-events', name: 'sent', eventVersion: 2 },
  { domain: 'notifications', name: 'bounced', bump: true },
  { domain: 'orders', name: 'refunded' },
];

function run(command: string, args: string[], cwd = out): void {
  try {
    execFileSync(command, args, { cwd, encoding: 'utf-8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${relative(repo, args[0])} ${args.slice(1).join(' ')} failed:\n${e.stdout}\n${e.stderr}`,
      { cause: error },
    );
  }
}

async function materialise(tree: Tree, dir: string): Promise<void> {
  for (const options of LIBRARIES) {
    await domainGenerator(tree, { skipFormat: true, ...options } as DomainGeneratorSchema);
  }
  for (const options of EVENTS) await eventGenerator(tree, { skipFormat: true, ...options });
  for (const [path, text] of Object.entries(changedFiles(tree))) {
    if (text === null) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Points the copied workspace's tsconfig.base.json at the runtime compiled for this check. */
function mapRuntime(dir: string, base: Record<string, unknown>): void {
  const compilerOptions = (base.compilerOptions ?? {}) as Record<string, unknown>;
  const paths = (compilerOptions.paths ?? {}) as Record<string, string[]>;
  compilerOptions.paths = {
    ...paths,
    '@kafka-events/runtime': [`./${relative(dir, join(runtimeOut, 'index.d.ts'))}`],
  };
  writeFileSync(
    join(dir, 'tsconfig.base.json'),
    JSON.stringify({ ...base, compilerOptions }, null, 2),
  );
}

describe('generated libraries compile and pass their own tests', () => {
  jest.setTimeout(300_000);

  beforeAll(() => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    // the runtime as it is now, compiled aside so packages/runtime/dist is left alone
    run(process.execPath, [
      tsc,
      '-p',
      join(repo, 'packages/runtime/tsconfig.lib.json'),
      '--outDir',
      runtimeOut,
    ]);
  });

  it('TS-solution workspace: tsc --build of every library and its spec', async () => {
    const dir = join(out, 'ts-solution');
    const tree = createTsSolutionWorkspace();
    await materialise(tree, dir);
    mapRuntime(dir, JSON.parse(tree.read('tsconfig.base.json', 'utf-8') ?? '{}'));
    run(process.execPath, [tsc, '--build', join(dir, 'tsconfig.json')], dir);
  });

  it('integrated workspace: tsc of every library and its spec', async () => {
    const dir = join(out, 'integrated');
    const tree = createIntegratedWorkspace();
    await materialise(tree, dir);
    mapRuntime(dir, JSON.parse(tree.read('tsconfig.base.json', 'utf-8') ?? '{}'));
    for (const { name } of LIBRARIES) {
      for (const config of ['tsconfig.lib.json', 'tsconfig.spec.json']) {
        // TypeScript 6 (what the workspace gets) accepts module commonjs with bundler
        // resolution; this repo's 5.9 does not, so the check compiles the same code as esnext
        run(process.execPath, [
          tsc,
          '-p',
          join(dir, 'libs', `${name}-events`, config),
          '--noEmit',
          '--module',
          'esnext',
        ]);
      }
    }
  });

  it("runs each library's generated jest spec", () => {
    const dir = join(out, 'ts-solution');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a generated .cjs config
    const generated = require(join(dir, 'packages/tasks-events/jest.config.cjs'));
    // same config as generated, with ts-jest standing in for @swc/jest (not installed here)
    const config = {
      rootDir: dir,
      roots: LIBRARIES.map(({ name }) => `<rootDir>/packages/${name}-events/src`),
      testEnvironment: 'node',
      transform: {
        '^.+\\.ts$': [
          'ts-jest',
          {
            isolatedModules: true,
            tsconfig: { module: 'commonjs', target: 'es2022', esModuleInterop: true },
          },
        ],
      },
      moduleNameMapper: {
        ...generated.moduleNameMapper,
        '^@kafka-events/runtime$': join(runtimeOut, 'index.js'),
      },
      moduleFileExtensions: generated.moduleFileExtensions,
    };
    run(process.execPath, [jestBin, '--config', JSON.stringify(config), '--ci', '--silent'], repo);
  });
});
