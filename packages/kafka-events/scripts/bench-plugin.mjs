// Times the inference plugin's createNodes on a synthetic workspace of N domain libraries:
// a cold run (empty plugin cache) and a warm one. Needs the built plugin (npm run build), or
// KAFKA_EVENTS_DIST pointing at another tsc output of src/.
//   node scripts/bench-plugin.mjs [projects=300]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv[2] ?? 300);
const dist =
  process.env.KAFKA_EVENTS_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const workspace = mkdtempSync(join(tmpdir(), 'kafka-events-bench-'));
process.env.NX_WORKSPACE_DATA_DIRECTORY = join(workspace, '.nx', 'workspace-data');
const { createNodes } = createRequire(import.meta.url)(join(dist, 'plugins', 'plugin.js'));

const write = (path, value) => {
  mkdirSync(dirname(join(workspace, path)), { recursive: true });
  writeFileSync(join(workspace, path), JSON.stringify(value));
};
write('package.json', { devDependencies: { zod: '^4.6.7', 'kafka-events': '0.1.0' } });
const files = [];
for (let i = 0; i < count; i++) {
  const root = `libs/d${i}-events`;
  write(`${root}/project.json`, { name: `d${i}-events` });
  write(`${root}/kafka-events.json`, {
    domain: `d${i}`,
    entity: `d${i}`,
    topic: `d${i}-events`,
    source: `/d${i}`,
    compatibility: 'BACKWARD',
    events: [{ name: 'created', type: `d${i}.created`, versions: [1, 2], key: 'id' }],
  });
  files.push(`${root}/kafka-events.json`);
}

const context = { workspaceRoot: workspace, nxJsonConfiguration: {} };
async function time(label) {
  const start = process.hrtime.bigint();
  const results = await createNodes[1](files, {}, context);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (results.length !== count) throw new Error(`expected ${count} results, got ${results.length}`);
  console.log(
    `${label}: ${count} projects in ${ms.toFixed(1)} ms (${(ms / count).toFixed(3)} ms/project)`,
  );
}
try {
  await time('cold (empty cache)');
  await time('warm (cached)');
  process.env.NX_CACHE_PROJECT_GRAPH = 'false';
  await time('NX_CACHE_PROJECT_GRAPH=false');
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
