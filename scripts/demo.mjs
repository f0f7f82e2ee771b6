// The main job: a fresh Nx workspace, the packed kafka-events installed as a user would, the four
// seed domains generated and tested, a summary of what was generated, then real events through
// Kafka (demo-kafka.mjs), between two apps with real Dapr sidecars (demo-dapr.mjs), and between a
// Python service with the generated Pydantic modules and a TypeScript one (demo/python-leg.mjs),
// and last the event flow of the workspace: its table, page and screenshot (demo/flow-leg.mjs).
// Env: DEMO_PRESET=ts|apps (default ts), DEMO_DIR=<folder> (default a new temp folder),
// KAFKA_BROKERS (default a local broker), KAFKA_KEEP=1 (leave that broker running),
// DAPRD_LOG=1 (print the sidecars' logs).
import { createRequire } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const { createWorkspace, installKafkaEvents } = require('../e2e/utils/nx-workspace.cjs');

const preset = process.env.DEMO_PRESET ?? 'ts';
const domains = ['tasks', 'reminders', 'recurring', 'notifications'];
const step = (text) => process.stdout.write(`\n==> ${text}\n`);

step(`creating a fresh Nx workspace (create-nx-workspace@23.2.1 --preset=${preset})`);
const ws = createWorkspace({ preset, name: 'acme', parentDir: process.env.DEMO_DIR });
process.stdout.write(`workspace: ${ws.root}\n`);

step('installing the packed kafka-events tarballs and running nx g kafka-events:init');
const { plugin, runtime } = installKafkaEvents(ws);
process.stdout.write(
  `installed ${relative(process.cwd(), plugin)} and ${relative(process.cwd(), runtime)}\n`,
);

for (const domain of domains) {
  step(`nx g kafka-events:domain ${domain}`);
  process.stdout.write(ws.nx(['g', 'kafka-events:domain', domain, '--no-interactive']).stdout);
}

step('nx run-many -t test,build,typecheck (the generated libraries)');
const projects = domains.map((d) => `${d}-events`).join(',');
const result = ws.nx([
  'run-many',
  '-t',
  'test,build,typecheck',
  `--projects=${projects}`,
  '--outputStyle=static',
]);
for (const line of result.output.split('\n')) {
  if (/Tests:|Test Suites:|Successfully ran|✔|nx run /.test(line))
    process.stdout.write(`${line}\n`);
}

step('what was generated');
const libsDir = preset === 'ts' ? 'packages' : 'libs';
const listFiles = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (['node_modules', 'dist', 'out-tsc'].includes(name)) return [];
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
for (const domain of domains) {
  const root = join(ws.root, libsDir, `${domain}-events`);
  const settings = ws.readJson(`${libsDir}/${domain}-events/kafka-events.json`);
  const eventTypes = (settings.events ?? []).flatMap((e) =>
    (e.versions ?? [1]).map((v) => (settings.versioning === false ? e.type : `${e.type}.v${v}`)),
  );
  process.stdout.write(
    `\n${domain}-events  topic=${settings.topic}  source=${settings.source}  entity=${settings.entity}\n` +
      `  events: ${eventTypes.join(', ')}\n` +
      listFiles(root)
        .map((f) => `  ${relative(ws.root, f)}`)
        .join('\n') +
      '\n',
  );
}

if (preset === 'ts') {
  // one broker for both legs (KAFKA_BROKERS, else a local one; KAFKA_KEEP=1 leaves it running)
  const { demoBroker } = await import('./demo/broker.mjs');
  const broker = await demoBroker();
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  try {
    step('sending real events through Kafka with the generated producers and consumers');
    const { runKafkaDemo } = await import('./demo-kafka.mjs');
    await runKafkaDemo(ws, { scope: '@acme' });
    step('two apps, each behind its own Dapr sidecar, exchanging the events through Kafka');
    const { runDaprDemo } = await import('./demo-dapr.mjs');
    await runDaprDemo(ws, { scope: '@acme', brokers: broker.brokers });
    step('a Python service (nx g kafka-events:python) and a TypeScript service exchanging events');
    const { runPythonDemo } = await import('./demo/python-leg.mjs');
    await runPythonDemo(ws, { brokers: broker.brokers });
  } finally {
    await broker.release();
  }
} else {
  // integrated workspaces resolve libraries through tsconfig paths, which plain node cannot
  process.stdout.write(
    '\n(the Kafka, Dapr and Python parts of the demo run in the default --preset=ts workspace)\n',
  );
}

step('who produces and who consumes each event: npx kafka-events flow --out flow.html');
const { runFlowDemo } = await import('./demo/flow-leg.mjs');
await runFlowDemo(ws.root);

process.stdout.write(`\ndone: the workspace is at ${ws.root}\n`);
