// Benchmark (not a test): what registering the kafka-events inference plugin costs a project
// graph computation, next to a workspace without it and next to the floor any installed Nx plugin
// costs (a do-nothing plugin from node_modules matching the same kafka-events.json files, which
// still gets Nx's plugin worker process). Per size (BENCH_SIZES, default 30 and 300 domains) it
// writes a workspace once with the domain generator on a tree, copies it per variant (each with
// its own nx.json and node_modules), then interleaves `nx show projects` runs, the variants in a
// rotating order: "cached" keeps .nx/workspace-data from the previous run, "cold" removes it.
// Wall time is until nx exits; CPU is the user + system time of nx and every process it started
// (its plugin workers outlive it, so a small Python helper runs nx as a child subreaper, reaps
// them too and reads the children's rusage). Medians of BENCH_RUNS (default 7) with min-max.
// BENCH_PRECOMPUTED=1 adds "precomputed": a plugin returning kafka-events' result read from one
// JSON file, so the cost of the inferred targets in Nx itself (transfer, merge, graph cache) shows;
// kafka-events / precomputed is then the plugin's own work. It also adds "bare targets": the same
// projects and target names, each target only a command, to show what of Nx's cost is the
// targets' content (inputs, outputs, metadata) rather than their number.
// Env: BENCH_RUNS, BENCH_SIZES, BENCH_BASELINE (a folder holding an older build of the kafka-events
// package, its package.json and dist/, measured as the extra variant "before").
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './bench/stats.mjs';

const require = createRequire(import.meta.url);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SIZES = (process.env.BENCH_SIZES ?? '30,300').split(',').map(Number);
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
const benchRoot = join(repoRoot, 'tmp', 'bench-inference');
/** The generated library that is copied under each domain's names. */
const SEED = 'zzseed';
const ENV = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

const PACKAGE = join(repoRoot, 'packages', 'kafka-events');
/** The variants: the floor plugin, or the kafka-events package folder registered in nx.json. */
const VARIANTS = [
  { name: 'no plugin' },
  { name: 'floor', floor: true },
  { name: 'kafka-events', kafkaEvents: PACKAGE },
  ...(BASELINE ? [{ name: 'before', kafkaEvents: BASELINE }] : []),
  ...(process.env.BENCH_PRECOMPUTED
    ? [
        { name: 'precomputed', precomputed: 'full' },
        { name: 'bare targets', precomputed: 'bare' },
      ]
    : []),
];

/** What init registers: the light entry where the package has one, else the package main. */
const pluginEntry = (packageDir) =>
  existsSync(join(packageDir, 'plugin.js')) ? 'kafka-events/plugin' : 'kafka-events';
const pluginsOf = (variant) =>
  variant.floor
    ? ['kafka-events-floor']
    : variant.precomputed
      ? ['kafka-events-precomputed']
      : variant.kafkaEvents
        ? [pluginEntry(variant.kafkaEvents)]
        : [];

// Runs argv as a child subreaper so that processes nx leaves behind (its plugin workers) are
// reaped here and their CPU counted; prints wall seconds until nx exits, then user and system.
const MEASURE_PY = `
import ctypes, json, os, resource, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT).returncode
wall = time.perf_counter() - start
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": r.ru_utime + r.ru_stime}))
`;

const FLOOR_PLUGIN = `// Does nothing: what any installed plugin matching kafka-events.json costs.
exports.createNodes = ['**/kafka-events.json', () => []];
`;

/**
 * A workspace of `domains` libraries: the domain generator writes one library on an in-memory
 * tree, then that library is copied under each domain's names (running the generator 300 times
 * on a real tree takes minutes, and the copies are what it would write).
 */
async function writeTemplate(dir, domains) {
  const { createTreeWithEmptyWorkspace } = require('@nx/devkit/testing');
  const { domainGenerator } = require(
    join(repoRoot, 'packages/kafka-events/dist/generators/domain/domain.js'),
  );
  const tree = createTreeWithEmptyWorkspace();
  await domainGenerator(tree, { name: SEED, skipFormat: true });
  rmSync(dir, { recursive: true, force: true });
  const names = Array.from({ length: domains }, (_, i) => `domain${String(i).padStart(3, '0')}`);
  const rename = (text, name) =>
    text
      .replaceAll(SEED, name)
      .replaceAll(SEED.toUpperCase(), name.toUpperCase())
      .replaceAll(SEED[0].toUpperCase() + SEED.slice(1), name[0].toUpperCase() + name.slice(1));
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const { path, content } of tree.listChanges()) {
    const text = content.toString('utf8');
    if (path.includes(SEED))
      for (const name of names) write(rename(path, name), rename(text, name));
    else if (path === 'tsconfig.base.json') {
      const tsconfig = JSON.parse(text);
      const paths = Object.entries(tsconfig.compilerOptions.paths);
      tsconfig.compilerOptions.paths = Object.fromEntries(
        names.flatMap((name) =>
          paths.map(([key, value]) => [rename(key, name), value.map((v) => rename(v, name))]),
        ),
      );
      write(path, JSON.stringify(tsconfig, null, 2));
    } else if (path === 'package.json') {
      const pkg = JSON.parse(text);
      pkg.devDependencies = { ...pkg.devDependencies, 'kafka-events': '0.3.0' };
      write(path, JSON.stringify(pkg, null, 2));
    } else write(path, text);
  }
}

async function writeVariant(template, dir, variant) {
  rmSync(dir, { recursive: true, force: true });
  cpSync(template, dir, { recursive: true });
  writeFileSync(join(dir, 'nx.json'), JSON.stringify({ plugins: pluginsOf(variant) }, null, 2));
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'kafka-events-floor'), { recursive: true });
  writeFileSync(
    join(modules, 'kafka-events-floor', 'package.json'),
    JSON.stringify({ name: 'kafka-events-floor', version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(join(modules, 'kafka-events-floor', 'index.js'), FLOOR_PLUGIN);
  for (const name of ['nx', '@nx', 'zod', 'typescript']) {
    symlinkSync(join(repoRoot, 'node_modules', name), join(modules, name));
  }
  symlinkSync(variant.kafkaEvents ?? PACKAGE, join(modules, 'kafka-events'));
  if (variant.precomputed)
    await writePrecomputedPlugin(
      dir,
      join(modules, 'kafka-events-precomputed'),
      variant.precomputed,
    );
}

/** `full`: kafka-events' result as it is; `bare`: the same projects and target names, each target
 * only a command (what Nx's cost of the targets owes to their inputs, outputs and metadata). */
async function writePrecomputedPlugin(dir, pluginDir, kind) {
  const { createNodes } = require(join(PACKAGE, 'dist/plugins/plugin.js'));
  const files = readdirSync(join(dir, 'libs')).map((lib) => `libs/${lib}/kafka-events.json`);
  const full = await createNodes[1](files, undefined, {
    workspaceRoot: dir,
    nxJsonConfiguration: {},
  });
  const bareTargets = (targets) =>
    Object.fromEntries(Object.keys(targets).map((name) => [name, { command: 'true' }]));
  const result =
    kind === 'bare'
      ? full.map(([file, { projects }]) => [
          file,
          {
            projects: Object.fromEntries(
              Object.entries(projects).map(([root, project]) => [
                root,
                { targets: bareTargets(project.targets) },
              ]),
            ),
          },
        ])
      : full;
  mkdirSync(pluginDir, { recursive: true });
  writeFileSync(join(pluginDir, 'result.json'), JSON.stringify(result));
  writeFileSync(
    join(pluginDir, 'package.json'),
    JSON.stringify({ name: 'kafka-events-precomputed', version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(
    join(pluginDir, 'index.js'),
    `const result = JSON.parse(require('fs').readFileSync(__dirname + '/result.json', 'utf8'));
exports.createNodes = ['**/kafka-events.json', () => result];
`,
  );
}

function nx(dir, args) {
  return execFileSync(process.execPath, [join(dir, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: dir,
    env: ENV,
    encoding: 'utf8',
  });
}

/** Fails the benchmark when a variant does not do what it stands for. */
function checkVariant(dir, variant, domains, attempt = 1) {
  const projects = nx(dir, ['show', 'projects']).trim().split('\n');
  if (projects.length !== domains) {
    const listed = new Set(projects);
    const missing = readdirSync(join(dir, 'libs')).filter((lib) => !listed.has(lib));
    const problem = `${variant.name}: nx show projects listed ${projects.length} of ${domains} (missing: ${missing.slice(0, 10).join(', ')})`;
    // Seen once on a freshly copied workspace (the floor variant, no kafka-events code involved);
    // a second miss means the workspace is broken.
    if (attempt > 1) throw new Error(problem);
    process.stdout.write(`  ${problem}; checking again\n`);
    return checkVariant(dir, variant, domains, attempt + 1);
  }
  const targets = JSON.parse(nx(dir, ['show', 'project', 'domain000-events', '--json'])).targets;
  const inferred = 'events-compat' in targets;
  if (inferred !== Boolean(variant.kafkaEvents || variant.precomputed)) {
    throw new Error(`${variant.name}: events-compat is ${inferred ? '' : 'not '}inferred`);
  }
}

function measure(dir, mode) {
  if (mode === 'cold') rmSync(join(dir, '.nx', 'workspace-data'), { recursive: true, force: true });
  const out = execFileSync(
    'python3',
    [
      '-c',
      MEASURE_PY,
      process.execPath,
      join(dir, 'node_modules/nx/dist/bin/nx.js'),
      'show',
      'projects',
    ],
    { cwd: dir, env: ENV, encoding: 'utf8' },
  );
  const result = JSON.parse(out.trim().split('\n').pop());
  if (result.code !== 0) throw new Error(`nx show projects failed in ${dir}`);
  return result;
}

const ms = (s) => `${Math.round(s * 1000)}`;
const load = () => loadavg()[0].toFixed(1);

const report = [];
for (const domains of SIZES) {
  const template = join(benchRoot, `${domains}`, 'template');
  process.stdout.write(`writing ${domains} domain libraries...\n`);
  await writeTemplate(template, domains);
  const workspaces = [];
  for (const [i, variant] of VARIANTS.entries()) {
    const dir = join(benchRoot, `${domains}`, `variant-${i}`);
    await writeVariant(template, dir, variant);
    checkVariant(dir, variant, domains);
    workspaces.push({ variant, dir, samples: { cached: [], cold: [] } });
  }
  const loads = [load()];
  for (let run = 0; run < RUNS; run++) {
    for (const mode of ['cached', 'cold']) {
      // rotate which variant goes first so drifting machine load hits all alike; a cached run
      // finds what the workspace's previous run (cold, or the check) wrote
      for (let k = 0; k < workspaces.length; k++) {
        const ws = workspaces[(run + k) % workspaces.length];
        ws.samples[mode].push(measure(ws.dir, mode));
      }
    }
    loads.push(load());
    process.stdout.write(`  ${domains} domains: run ${run + 1}/${RUNS} (load ${loads.at(-1)})\n`);
  }
  report.push({ domains, workspaces, loads });
}

/** Ratio of two variants' medians. */
const ratio = (a, b, key) => (a[key] / b[key]).toFixed(3);
// each run measures every variant within seconds: its ratio sees the same machine load
const pairedRatio = (a, b, key) =>
  median(a.samples.map((sample, run) => sample[key] / b.samples[run][key])).toFixed(3);

const lines = [''];
for (const { domains, workspaces, loads } of report) {
  lines.push(`${domains} domains, ${RUNS} runs, 1-min load average ${loads.join(' ')}`);
  for (const mode of ['cached', 'cold']) {
    const stats = workspaces.map(({ variant, samples }) => {
      const of = (key) => samples[mode].map((s) => s[key]);
      return {
        name: variant.name,
        wall: median(of('wall')),
        cpu: median(of('cpu')),
        spread: (key) => `${ms(Math.min(...of(key)))}-${ms(Math.max(...of(key)))}`,
        samples: samples[mode],
      };
    });
    const [none, floor] = stats;
    lines.push(
      `  ${mode}: median ms (min-max)          wall               cpu   vs floor wall / cpu   (median of per-run ratios)`,
    );
    for (const s of stats) {
      lines.push(
        `    ${s.name.padEnd(14)} ${ms(s.wall).padStart(6)} (${s.spread('wall')})`.padEnd(38) +
          `${ms(s.cpu).padStart(6)} (${s.spread('cpu')})`.padEnd(20) +
          `${ratio(s, floor, 'wall')} / ${ratio(s, floor, 'cpu')}   ` +
          `(${pairedRatio(s, floor, 'wall')} / ${pairedRatio(s, floor, 'cpu')})`,
      );
    }
    const kafkaEvents = stats.find((s) => s.name === 'kafka-events');
    const precomputed = stats.find((s) => s.name === 'precomputed');
    if (kafkaEvents && precomputed) {
      // the same targets handed to Nx for free: what is left is the plugin's own work
      const [a, b] = [kafkaEvents, precomputed];
      lines.push(
        `    kafka-events / precomputed: ${ratio(a, b, 'wall')} wall, ${ratio(a, b, 'cpu')} cpu ` +
          `(per run ${pairedRatio(a, b, 'wall')} / ${pairedRatio(a, b, 'cpu')})`,
      );
    }
    const goal = mode === 'cached' ? 1.02 : 1.03;
    lines.push(
      `    floor / no plugin: ${ratio(floor, none, 'wall')} wall, ${ratio(floor, none, 'cpu')} cpu; goal kafka-events / floor <= ${goal}`,
    );
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
