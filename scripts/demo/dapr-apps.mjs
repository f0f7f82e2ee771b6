// The two apps of the Dapr leg, made in the demo workspace the way a user would: `nx add @nx/node`,
// `nx g @nx/node:application`, `nx g kafka-events:dapr`, then the app code (scripts/demo/dapr-apps/)
// in place of the generated stubs, and `nx build`.
//
// Why @nx/node: it is how Nx documents Node apps in a --preset=ts workspace, and it is quick and
// reliable enough (about 80 s here: one install of the plugin at the workspace's Nx version, then
// esbuild builds that also type check the filled-in routes modules). The apps run with plain
// `node apps/<app>/dist/main.js`; the event libraries they import resolve through the npm
// workspace like any package.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sources = join(dirname(fileURLToPath(import.meta.url)), 'dapr-apps');

/** Short, so the demo's redelivery takes half a second: the generator's default is exponential. */
export const RETRY = { policy: 'constant', duration: '500ms', maxRetries: 2 };

/** Each app and the domains it consumes through its sidecar (what it publishes needs no manifest). */
export const APPS = [
  { name: 'task-service', consumes: ['recurring', 'notifications'] },
  { name: 'recurring-service', consumes: ['tasks'] },
];

const NODE_APP_OPTIONS = [
  '--framework=none',
  '--bundler=esbuild',
  '--linter=none',
  '--unitTestRunner=none',
  '--e2eTestRunner=none',
  '--no-interactive',
];

/**
 * `<x>.routes.ts` as the generator wrote it (its comment says what the module is for) with our
 * handlers in place of its TODOs. Fails when the generator did not write the handler we fill in.
 */
function fillRoutes(generated, code, file) {
  const handler = `export const ${file.split('.')[0]}Handler = createDaprHandler(`;
  if (!generated.includes(handler)) throw new Error(`the generated ${file} has no \`${handler}\``);
  const comment = /^\/\*\*[\s\S]*?\*\/\n/.exec(generated)?.[0] ?? '';
  return comment + code;
}

/** Our sources of `app`, with the workspace's npm scope, into apps/<app>/src. */
function writeSources(ws, app, scope) {
  const src = `apps/${app}/src`;
  const read = (dir, file) =>
    readFileSync(join(sources, dir, file), 'utf8').replaceAll('@acme/', `${scope}/`);
  ws.write(`${src}/deliveries.ts`, read('shared', 'deliveries.ts'));
  for (const file of readdirSync(join(sources, app))) {
    if (file.endsWith('.routes.ts')) {
      const target = `${src}/dapr/${file}`;
      if (!ws.exists(target)) throw new Error(`nx g kafka-events:dapr did not write ${target}`);
      ws.write(target, fillRoutes(ws.read(target), read(app, file), file));
    } else {
      ws.write(`${src}/${file}`, read(app, file));
    }
  }
}

/** Creates, fills in and builds the apps; prints what the Dapr generator wrote. */
export function createDaprApps(ws, { scope, log }) {
  log('nx add @nx/node');
  ws.nx(['add', '@nx/node']);
  for (const { name, consumes } of APPS) {
    log(`nx g @nx/node:application apps/${name} ${NODE_APP_OPTIONS.slice(0, 2).join(' ')} ...`);
    ws.nx(['g', '@nx/node:application', `apps/${name}`, ...NODE_APP_OPTIONS]);
    const dapr = [
      'g',
      'kafka-events:dapr',
      `--project=${scope}/${name}`,
      `--domains=${consumes.join(',')}`,
      `--retryPolicy=${RETRY.policy}`,
      `--retryDuration=${RETRY.duration}`,
      `--retryMaxRetries=${RETRY.maxRetries}`,
    ];
    log(`nx ${dapr.join(' ')}`);
    const written = ws.nx([...dapr, '--no-interactive']).stdout;
    for (const line of written.split('\n')) if (/^(CREATE|UPDATE) /.test(line)) log(`  ${line}`);
    writeSources(ws, name, scope);
  }
  const projects = APPS.map((app) => `${scope}/${app.name}`).join(',');
  log(`nx run-many -t build --projects=${projects}`);
  ws.nx(['run-many', '-t', 'build', `--projects=${projects}`, '--outputStyle=static']);
}

/** The files `nx g kafka-events:dapr` wrote for an app: what its daprd loads. */
export function manifestDirsOf(ws, app) {
  return [join(ws.root, 'dapr', 'components'), join(ws.root, 'apps', app, 'dapr')];
}

export const mainOf = (ws, app) => join(ws.root, 'apps', app, 'dist', 'main.js');
