// Benchmark (not a test): `kafka-events flow` on a workspace of BENCH_DOMAINS event libraries
// (default 300) and BENCH_APPS apps (default 100). Each app publishes events of three domains,
// consumes three others through the generated consumer and three more through a Dapr
// Subscription manifest, next to a few files that use no library. Measured, interleaved over
// BENCH_RUNS rounds (default 5), as wall time of the CLI (a new node process, Nx's project graph
// cached as after any nx command):
// - cold: no flow cache (.nx/workspace-data/kafka-events-flow.json removed): every file read;
// - warm: the cache of the previous run and one app file changed: only that file parsed, Nx
//   rehashing it within the run
//   (the parse count is read from the cache file: entries whose hash differs from the last run).
// Prints medians with min-max and the machine load. Needs `npm run build` first (bench:flow does).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianAndSpread } from './bench/stats.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 300);
const APPS = Number(process.env.BENCH_APPS ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLI = join(repoRoot, 'packages', 'kafka-events', 'dist', 'cli', 'main.js');
const ENV = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const root = join(repoRoot, 'tmp', 'bench-flow');
const CACHE = join(root, '.nx', 'workspace-data', 'kafka-events-flow.json');
const GRAPH_CACHE = join(root, '.nx', 'workspace-data', 'kafka-events-graph.json');

const domain = (i) => `d${String(i).padStart(3, '0')}`;
const pascal = (name) => name[0].toUpperCase() + name.slice(1);

function write(path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function createWorkspace() {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  write('package.json', JSON.stringify({ name: '@bench/source', private: true }));
  write('nx.json', JSON.stringify({ plugins: [] }));
  const paths = {};
  for (let i = 0; i < DOMAINS; i++) {
    const name = domain(i);
    paths[`@bench/${name}-events`] = [`libs/${name}-events/src/index.ts`];
    write(`libs/${name}-events/project.json`, JSON.stringify({ name: `${name}-events` }));
    write(`libs/${name}-events/src/index.ts`, 'export {};\n');
    write(
      `libs/${name}-events/kafka-events.json`,
      JSON.stringify({
        domain: `${name}s`,
        entity: name,
        topic: `${name}-events`,
        source: name,
        events: ['created', 'updated', 'completed', 'deleted'].map((event) => ({
          name: event,
          type: `${name}.${event}`,
          versions: [1],
          key: `${name}_id`,
        })),
      }),
    );
  }
  write('tsconfig.base.json', JSON.stringify({ compilerOptions: { paths } }));
  for (let a = 0; a < APPS; a++) writeApp(a);
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'show', 'projects'],
    {
      cwd: root,
      env: ENV,
      stdio: 'ignore',
    },
  );
}

function writeApp(a, variant = 0) {
  const app = `app${a}`;
  const pick = (k) => domain((a * 7 + k * 31) % DOMAINS);
  write(`apps/${app}/project.json`, JSON.stringify({ name: app, projectType: 'application' }));
  const produced = [0, 1, 2].map(pick);
  write(
    `apps/${app}/src/main.ts`,
    [
      ...produced.map(
        (d) =>
          `import { create${pascal(d)}Event, create${pascal(d)}sProducer } from '@bench/${d}-events';`,
      ),
      ...produced.map(
        (d) =>
          `await create${pascal(d)}sProducer(kafka).publish(create${pascal(d)}Event('${d}.${variant % 2 ? 'updated' : 'created'}.v1', {} as never));`,
      ),
      `// revision ${variant}`,
      '',
    ].join('\n'),
  );
  const consumed = [3, 4, 5].map(pick);
  write(
    `apps/${app}/src/consumer.ts`,
    [
      ...consumed.map((d) => `import { create${pascal(d)}sConsumer } from '@bench/${d}-events';`),
      ...consumed.map(
        (d) =>
          `create${pascal(d)}sConsumer(kafka, { groupId: '${app}', handlers: { '${d}.created.v1': () => undefined, '${d}.completed.v1': () => undefined } });`,
      ),
      '',
    ].join('\n'),
  );
  for (const d of [6, 7, 8].map(pick))
    write(
      `apps/${app}/dapr/subscriptions/${d}-events.yaml`,
      `apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: ${app}-${d}\nspec:\n  pubsubname: kafka-pubsub\n  topic: ${d}-events\n  routes:\n    rules:\n      - match: event.type == "${d}.deleted.v1"\n        path: /events/${d}-events/${d}.deleted.v1\n    default: /events/${d}-events\n`,
    );
  for (let f = 0; f < 5; f++)
    write(`apps/${app}/src/util${f}.ts`, `export const value${f} = ${f} * ${a};\n`);
}

function timeFlow() {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [CLI, 'flow', '--json'], { cwd: root, env: ENV, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The same work in phases, in one process: Nx's graph and file map, then the analysis. */
const PHASES = `
const { nxWorkspace } = require(${JSON.stringify(join(dirname(CLI), '..', 'flow', 'nx-workspace.js'))});
const { readEventFlow } = require(${JSON.stringify(join(dirname(CLI), '..', 'flow', 'read-flow.js'))});
(async () => {
  const t0 = performance.now();
  const workspace = await nxWorkspace(process.cwd());
  const t1 = performance.now();
  readEventFlow(workspace);
  const t2 = performance.now();
  // what the plugin's createDependencies adds to every project graph computation
  const { createDependencies } = require(${JSON.stringify(join(dirname(CLI), '..', 'graph', 'dependencies.js'))});
  const projectFileMap = Object.fromEntries(workspace.projects.map((p) => [p.name, p.files]));
  const projects = Object.fromEntries(workspace.projects.map((p) => [p.name, { root: p.root }]));
  const context = {
    workspaceRoot: process.cwd(),
    projects,
    fileMap: { projectFileMap, nonProjectFiles: [] },
  };
  // cold: no graph cache, every kafka-events.json and YAML file read; warm: nothing changed
  require('node:fs').rmSync(${JSON.stringify(GRAPH_CACHE)}, { force: true });
  const edges = createDependencies(undefined, context).length;
  const t3 = performance.now();
  createDependencies(undefined, context);
  const t4 = performance.now();
  console.log(JSON.stringify({ graph: t1 - t0, analysis: t2 - t1, dependencies: t3 - t2, warmDependencies: t4 - t3, edges }));
})();`;

function timePhases() {
  return JSON.parse(
    execFileSync(process.execPath, ['-e', PHASES], { cwd: root, env: ENV, encoding: 'utf8' }),
  );
}

const cachedHashes = () => {
  try {
    return JSON.parse(readFileSync(CACHE, 'utf8')).files;
  } catch {
    return {};
  }
};

function stats(values) {
  return `${medianAndSpread(values, (ms) => ms.toFixed(0))} ms`;
}

console.log(`bench:flow: ${DOMAINS} domains, ${APPS} apps, ${RUNS} runs; writing the workspace...`);
createWorkspace();
const cold = [];
const warm = [];
const parsed = [];
const phases = { cold: [], warm: [] };
const loads = [loadavg()[0]];
for (let run = 0; run < RUNS; run++) {
  rmSync(CACHE, { force: true });
  cold.push(timeFlow());
  const before = cachedHashes();
  writeApp(run % APPS, run + 1); // one app's files rewritten: only main.ts changes content
  warm.push(timeFlow()); // Nx rehashes the changed file in this run, as it would for a user
  const after = cachedHashes();
  parsed.push(Object.keys(after).filter((f) => before[f]?.hash !== after[f].hash).length);
  rmSync(CACHE, { force: true });
  phases.cold.push(timePhases());
  writeApp(run % APPS, run + 1 + RUNS);
  phases.warm.push(timePhases());
  loads.push(loadavg()[0]);
}
const files = Object.keys(cachedHashes()).length;
console.log(`files read for facts: ${files} (TypeScript and Subscription YAML)`);
console.log(`cold kafka-events flow: ${stats(cold)}`);
console.log(
  `warm, one file changed: ${stats(warm)}; files parsed again per warm run: ${parsed.join(', ')}`,
);
for (const kind of ['cold', 'warm'])
  console.log(
    `  ${kind}, in one process: Nx graph and file map ${stats(phases[kind].map((p) => p.graph))}, analysis ${stats(phases[kind].map((p) => p.analysis))}`,
  );
console.log(
  `createDependencies (every graph computation, plugin registered): no graph cache ${stats(phases.warm.map((p) => p.dependencies))}, nothing changed ${stats(phases.warm.map((p) => p.warmDependencies))}, ${phases.warm[0].edges} edges`,
);
console.log(`load average (1 min) during the runs: ${loads.map((l) => l.toFixed(2)).join(', ')}`);
