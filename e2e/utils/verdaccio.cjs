// A private npm registry on 127.0.0.1 (Verdaccio, the registry Nx's own e2e tests use), as a user
// or a company would run one: it stores what `nx release publish --registry` publishes and proxies
// every other package to the machine's npm registry, except `kafka-events` and
// `@kafka-events/*`, which it never proxies: the public `kafka-events` is an unrelated
// placeholder, so those names come from this registry's own storage or not at all.
// Runs as a child process: the tests block on spawnSync, so an in-process server could not answer.
'use strict';

const { execFileSync, spawn } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { freePort } = require('../../tools/common/free-port.cjs');

const verdaccioBin = require.resolve('verdaccio/bin/verdaccio');

/**
 * Starts the registry with its storage under `dir`; resolves once it listens.
 * `npmrc` is a user config that points npm (and pnpm, which reads it) at the registry with a
 * token to publish with; `stop()` ends it.
 */
async function startVerdaccio({ dir }) {
  mkdirSync(dir, { recursive: true });
  const upstream = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  const config = join(dir, 'verdaccio.yaml');
  const ours = { access: '$all', publish: '$anonymous $authenticated' };
  writeFileSync(
    config,
    JSON.stringify({
      storage: join(dir, 'storage'),
      uplinks: { upstream: { url: upstream, timeout: '60s' } },
      packages: {
        'kafka-events': ours,
        '@kafka-events/*': ours,
        '**': { access: '$all', proxy: 'upstream' },
      },
      log: { type: 'stdout', format: 'pretty', level: 'warn' },
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const npmrc = join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=e2e-publisher\n`);
  const child = spawn(
    process.execPath,
    [verdaccioBin, '--config', config, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  await new Promise((resolve, reject) => {
    const onExit = (code) =>
      reject(new Error(`verdaccio exited with ${code} before listening:\n${out}`));
    child.once('exit', onExit);
    const onData = (chunk) => {
      out += chunk;
      if (!out.includes(`http address - ${url}`)) return;
      child.off('exit', onExit);
      resolve(undefined);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (out += chunk));
  });
  return { url, npmrc, stop: () => child.kill() };
}

module.exports = { startVerdaccio };
