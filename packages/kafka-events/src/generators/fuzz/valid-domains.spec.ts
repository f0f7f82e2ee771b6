/**
 * 100 random valid domains (random names, entities, topics, sources, switches, events, event
 * versions) generated into one TS-solution workspace, written to a temporary folder of its own,
 * type-checked by ONE tsc program and tested by ONE jest run (one test file requiring them all). A failure names the seed and the
 * domains (with the generator options that made them). Replay: SEED=<seed>.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Random } from '../../python-model/conformance/random';
import { changedFiles, createTsSolutionWorkspace } from '../testing/workspaces';
import { fuzzSeed, shown } from './invalid-options';
import { generateValidDomains, type GeneratedDomain } from './valid-domains';

const SEED = fuzzSeed(20261130);
const DOMAINS = 100;
const repo = join(__dirname, '..', '..', '..', '..', '..');

/** Runs a node script; returns its output when it fails, undefined when it passes. */
function failedOutput(args: string[], cwd: string): string | undefined {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf-8' });
  return result.status === 0 ? undefined : `${result.stdout}\n${result.stderr}`;
}

interface JestSuite {
  message: string;
  assertionResults: { status: string; ancestorTitles: string[] }[];
}

/** A domain with the generator options that made it. */
const described = (d: GeneratedDomain) => `  ${d.domain} (${d.runs.map(shown).join(' then ')})`;

/** The domains whose files a tool's output mentions. */
function blame(output: string, domains: GeneratedDomain[]): string {
  return domains
    .filter(({ root }) => output.includes(`${root}/`))
    .map(described)
    .join('\n');
}

describe(`${DOMAINS} random valid domains generate, compile and pass their own specs`, () => {
  jest.setTimeout(600_000);
  // under <repo>/tmp so that zod, kafkajs and jest's types resolve from the repo's node_modules
  mkdirSync(join(repo, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(repo, 'tmp', 'valid-domains-'));
  const runtime = join(dir, 'runtime-dist');
  let domains: GeneratedDomain[] = [];
  // the folder is kept for inspection when a test failed, else removed (each run has its own)
  let passed = 0;
  afterAll(() => {
    if (passed === 3) rmSync(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const built = failedOutput(
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        join(repo, 'packages/runtime/tsconfig.lib.json'),
        '--outDir',
        runtime,
      ],
      repo,
    );
    if (built) throw new Error(`the runtime does not compile:\n${built}`);
    const tree = createTsSolutionWorkspace();
    domains = await generateValidDomains(tree, new Random(SEED), DOMAINS);
    for (const [path, text] of Object.entries(changedFiles(tree))) {
      if (text === null) continue;
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  });

  it(`made ${DOMAINS} distinct domains (SEED=${SEED})`, () => {
    expect(new Set(domains.map((d) => d.domain)).size).toBe(DOMAINS);
    passed++;
  });

  it('one tsc program type-checks every library and spec', () => {
    const base = JSON.parse(readFileSync(join(dir, 'tsconfig.base.json'), 'utf-8'));
    writeFileSync(
      join(dir, 'tsconfig.fuzz.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: {
          composite: false,
          noEmit: true,
          emitDeclarationOnly: false,
          declarationMap: false,
          types: ['jest', 'node'],
          paths: {
            ...base.compilerOptions?.paths,
            '@kafka-events/runtime': [`./${relative(dir, join(runtime, 'index.d.ts'))}`],
          },
        },
        include: domains.map(({ root }) => `${root}/src/**/*.ts`),
      }),
    );
    const output = failedOutput(
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.fuzz.json'],
      dir,
    );
    if (output) {
      throw new Error(
        `SEED=${SEED}: tsc failed in ${dir} for\n${blame(output, domains)}\n${output.slice(0, 5000)}`,
      );
    }
    passed++;
  });

  it("one jest run passes every library's generated spec", () => {
    // one test file requiring every library's specs: zod and the runtime load once, not 100 times
    writeFileSync(
      join(dir, 'all-domains.spec.ts'),
      domains
        .map(({ domain, root }) => {
          const specs = readdirSync(join(dir, root, 'src'), { recursive: true })
            .map(String)
            .filter((file) => file.endsWith('.spec.ts'))
            .map((file) => `require('./${root}/src/${file.slice(0, -3)}');`);
          return `describe('${domain}', () => {\n  ${specs.join('\n  ')}\n});\n`;
        })
        .join(''),
    );
    const config = {
      rootDir: dir,
      roots: ['<rootDir>'],
      testMatch: ['<rootDir>/all-domains.spec.ts'],
      testEnvironment: 'node',
      // ts-jest stands in for the generated @swc/jest (not installed here): same CommonJS output
      transform: {
        '^.+\\.ts$': [
          'ts-jest',
          { isolatedModules: true, tsconfig: { module: 'commonjs', target: 'es2022' } },
        ],
      },
      moduleNameMapper: {
        '^(\\.{1,2}/.*)\\.js$': '$1',
        '^@kafka-events/runtime$': join(runtime, 'index.js'),
      },
      moduleFileExtensions: ['ts', 'js', 'json'],
    };
    const report = join(dir, 'jest-report.json');
    const output = failedOutput(
      [
        require.resolve('jest/bin/jest'),
        '--config',
        JSON.stringify(config),
        '--ci',
        '--silent',
        '--json',
        `--outputFile=${report}`,
      ],
      repo,
    );
    const [suite] = JSON.parse(readFileSync(report, 'utf-8')).testResults as JestSuite[];
    const byDomain = (status: string) =>
      new Set(
        suite.assertionResults
          .filter((test) => test.status === status)
          .map((test) => test.ancestorTitles[0]),
      );
    if (output) {
      const failed = domains.filter(({ domain }) => byDomain('failed').has(domain));
      throw new Error(
        `SEED=${SEED}: generated specs failed in ${dir} for\n` +
          `${failed.map(described).join('\n')}\n${suite.message.slice(0, 5000)}`,
      );
    }
    // every library's specs ran and passed (a library without tests would pass vacuously)
    const tested = byDomain('passed');
    expect(domains.filter(({ domain }) => !tested.has(domain)).map(described)).toEqual([]);
    passed++;
  });
});
