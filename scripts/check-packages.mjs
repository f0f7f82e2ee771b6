// Checks the packed tarballs (dist/pack/*.tgz, written by `npm run pack`) as a user receives them:
//  1. no test-only files ship (testing helpers, fixtures, compiled specs);
//  2. both tarballs install into a fresh folder with the dependencies they declare, and a consumer
//     importing every public entry point compiles with tsc under each module resolution users
//     have (node16 from CommonJS, node16 from ESM, bundler). skipLibCheck is off for our
//     declarations, so one that imports a file the tarball lacks fails here instead of turning
//     into `any` for users.
// Usage: node scripts/check-packages.mjs [--keep]   (--keep leaves the consumer folder for a look)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packDir = join(root, 'dist', 'pack');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const keep = process.argv.includes('--keep');

// Test-only paths; spec templates (files/**/*.spec.ts__tmpl__) are product and stay.
const TEST_ONLY = [
  /\/(testing|fuzz|conformance)\//,
  /\/testing\.(js|d\.ts)/,
  /__fixtures__/,
  /\.spec\.(js|d\.ts)/,
];

const tarballs = readdirSync(packDir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.tgz'))
  .map((entry) => join(packDir, entry.name));
if (tarballs.length !== 2) {
  fail(`expected the 2 tarballs of \`npm run pack\` in dist/pack/, found ${tarballs.length}`);
}

const started = Date.now();
const shipped = tarballs.flatMap((tarball) => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  return files.filter((file) => TEST_ONLY.some((pattern) => pattern.test(file)));
});
if (shipped.length > 0) fail(`test-only files in the tarballs:\n  ${shipped.join('\n  ')}`);

const dir = mkdtempSync(join(tmpdir(), 'kafka-events-consumer-'));
try {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  // The peers a user of the runtime installs, and @types/node for the declarations' Buffer etc.
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--loglevel=error',
    ...tarballs,
    'zod@^4.5.0',
    'kafkajs@2.2.4',
    '@types/node@^20.19.0',
  ]);
  const specifiers = [
    ...entryPoints(dir, '@kafka-events/runtime'),
    ...entryPoints(dir, 'kafka-events'),
  ];
  const consumer = consumerSource(specifiers);
  writeFileSync(join(dir, 'consumer-cjs.cts'), consumer);
  writeFileSync(join(dir, 'consumer-esm.mts'), consumer);
  writeFileSync(join(dir, 'consumer-bundler.ts'), consumer);
  // ES2022 as the packages' own builds: they need Node 20, whose users target no lower.
  const base = {
    target: 'ES2022',
    lib: ['ES2022'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
  };
  const configs = {
    node16: {
      module: 'node16',
      moduleResolution: 'node16',
      files: ['consumer-cjs.cts', 'consumer-esm.mts'],
    },
    bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['consumer-bundler.ts'] },
  };
  for (const [name, { files, ...options }] of Object.entries(configs)) {
    const config = join(dir, `tsconfig.${name}.json`);
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...base, ...options }, files }));
    const errors = ownErrors(compile(config));
    if (errors.length > 0)
      throw new Error(`consumer does not compile (${name}):\n${errors.join('\n')}`);
    console.log(`check-packages: ${specifiers.length} entry points compile (${name})`);
  }
  console.log(
    `check-packages: both tarballs fit for consumers (${Math.round((Date.now() - started) / 1000)} s)`,
  );
} catch (error) {
  fail(`${error.message}\nconsumer folder: ${dir}`, true);
} finally {
  if (!keep && process.exitCode !== 1) rmSync(dir, { recursive: true, force: true });
}

/**
 * Every import specifier a user or Nx may load from the installed package: its `exports` (or its
 * main), and for the plugin each generator factory and migration Nx requires by path.
 */
function entryPoints(consumerDir, name) {
  const pkgDir = join(consumerDir, 'node_modules', name);
  const pkg = readJson(join(pkgDir, 'package.json'));
  const subpaths = pkg.exports
    ? Object.keys(pkg.exports).filter((key) => !key.endsWith('.json'))
    : ['.'];
  const specifiers = subpaths.map((key) => (key === '.' ? name : `${name}${key.slice(1)}`));
  for (const manifest of [pkg.generators, pkg['nx-migrations']?.migrations].filter(Boolean)) {
    for (const entry of Object.values(readJson(join(pkgDir, manifest)).generators)) {
      const file = entry.factory ?? entry.implementation;
      specifiers.push(`${name}/${file.replace(/^\.\//, '')}.js`);
    }
  }
  return specifiers;
}

/** Imports each entry point and fails to compile if one of them is typed `any` (unresolved). */
function consumerSource(specifiers) {
  const lines = ['type IsAny<T> = 0 extends 1 & T ? true : false;'];
  specifiers.forEach((specifier, i) => {
    lines.push(`import * as entry${i} from '${specifier}';`);
    lines.push(`export const resolved${i}: IsAny<typeof entry${i}> = false;`);
  });
  return `${lines.join('\n')}\n`;
}

/** tsc's output; it exits non-zero on any error, including those of third-party declarations. */
function compile(config) {
  try {
    return execFileSync(process.execPath, [tsc, '-p', config], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    return error.stdout;
  }
}

/**
 * The errors in the consumer and in our two packages' declarations. Errors inside dependencies'
 * declarations (nx ships some that do not compile with skipLibCheck off) are not ours to fix.
 */
function ownErrors(output) {
  const ours = /^(consumer-|node_modules\/(kafka-events|@kafka-events\/runtime)\/)/;
  return output.split('\n').filter((line) => /: error TS\d+:/.test(line) && ours.test(line));
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function run(command, args) {
  try {
    execFileSync(command, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(
      `${command} ${args.slice(0, 2).join(' ')} failed:\n${error.stdout}${error.stderr}`,
      { cause: error },
    );
  }
}

function fail(message, keepGoing = false) {
  console.error(`check-packages: ${message}`);
  process.exitCode = 1;
  if (!keepGoing) process.exit(1);
}
