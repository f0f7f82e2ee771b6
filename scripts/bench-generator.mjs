// Benchmark (not a test): `nx g kafka-events:domain` against `nx g @nx/js:library` in the same
// fresh workspace, median of RUNS each, and the generator's in-process time for 1, 10 and 100
// events. Machines are shared and noisy: read medians and ratios, not single numbers.
// Env: BENCH_RUNS (default 5), BENCH_PRESET (default ts).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { median } from './bench/stats.mjs';

const require = createRequire(import.meta.url);
const { createWorkspace, installKafkaEvents, repoRoot } = require('../e2e/utils/nx-workspace.cjs');

const runs = Number(process.env.BENCH_RUNS ?? 5);
const preset = process.env.BENCH_PRESET ?? 'ts';
const libsDir = preset === 'ts' ? 'packages' : 'libs';
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

process.stdout.write(`creating a --preset=${preset} workspace...\n`);
const ws = createWorkspace({ preset, name: 'bench' });
installKafkaEvents(ws);
ws.commitAll('installed');

const timeCommand = (args) => {
  const start = performance.now();
  ws.nx(args);
  const elapsed = performance.now() - start;
  ws.git(['checkout', '--', '.']);
  ws.git(['clean', '-fdq']);
  return elapsed;
};

const ourCommand = (i) => ['g', 'kafka-events:domain', `bench${i}`, '--no-interactive'];
const theirCommand = (i) => [
  'g',
  '@nx/js:library',
  `${libsDir}/lib${i}`,
  '--bundler=tsc',
  '--unitTestRunner=jest',
  '--linter=none',
  '--no-interactive',
];
// One unmeasured run of each: the first @nx/js:library run installs @nx/jest and jest.
timeCommand(ourCommand('warm'));
timeCommand(theirCommand('warm'));

const ours = [];
const theirs = [];
for (let i = 0; i < runs; i++) {
  // Alternate so that drift in machine load hits both sides alike.
  ours.push(timeCommand(ourCommand(i)));
  theirs.push(timeCommand(theirCommand(i)));
}
const oursMedian = median(ours);
const theirsMedian = median(theirs);
process.stdout.write(
  [
    '',
    `nx g kafka-events:domain      median of ${runs}: ${fmt(oursMedian)}  (${ours.map(fmt).join(', ')})`,
    `nx g @nx/js:library (jest)    median of ${runs}: ${fmt(theirsMedian)}  (${theirs.map(fmt).join(', ')})`,
    `ratio kafka-events / @nx/js:library: ${(oursMedian / theirsMedian).toFixed(2)} (goal <= 1.0)`,
    '',
  ].join('\n'),
);

// In-process: the generator alone on an in-memory tree (no Nx CLI start-up, no formatting).
const { createTreeWithEmptyWorkspace } = require('@nx/devkit/testing');
const { domainGenerator } = require(
  join(repoRoot, 'packages/kafka-events/dist/generators/domain/domain.js'),
);
const inProcess = [];
for (const count of [1, 10, 100]) {
  const events = Array.from({ length: count }, (_, i) => `happened${i + 1}`).join(',');
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const tree = createTreeWithEmptyWorkspace();
    const start = performance.now();
    await domainGenerator(tree, { name: 'orders', events, skipFormat: true });
    samples.push(performance.now() - start);
  }
  inProcess.push({ count, median: median(samples) });
}

process.stdout.write(
  [
    'domain generator in process (in-memory tree, skipFormat):',
    ...inProcess.map(
      ({ count, median: m }) => `  ${String(count).padStart(3)} events: ${m.toFixed(1)} ms`,
    ),
    '',
  ].join('\n'),
);
ws.remove();
