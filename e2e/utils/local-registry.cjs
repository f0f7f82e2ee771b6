// A read-only npm registry on 127.0.0.1 for `nx migrate` in e2e tests, run as a child process
// (the tests block on spawnSync, so an in-process server could not answer).
//
// Why: nx 23's `nx migrate <pkg>@<version>` has no way to read migrations.json from the
// installed package. Its fetcher (createFetcher in nx/src/command-line/migrate/migrate.js) runs
// `npm view <pkg>@<v> nx-migrations ng-update dist` then `npm pack <pkg>@<v>`, falling back to
// `npm install <pkg>@<v>` in a temp folder; all three ask a registry. The public `kafka-events`
// is an unrelated placeholder, so the tests point npm here instead: this server serves
//   - the packed tarballs it is given (packuments built from their package.json), and
//   - for other packages the version installed in the workspace (metadata only, no tarball),
//     which is what nx asks about the packages in packageJsonUpdates (zod, kafkajs);
// and answers 404 to everything else, so nothing is ever fetched from elsewhere.
//
// Tests call startLocalRegistry(); the server itself runs as `node local-registry.cjs <config>`.
'use strict';

const { createHash } = require('node:crypto');
const { execFileSync, spawn } = require('node:child_process');
const { appendFileSync, existsSync, readFileSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:http');
const { basename, join } = require('node:path');

/**
 * Starts the registry for `tarballs` (paths of .tgz files) and `workspaceRoot`; resolves once it
 * listens. `requests()` lists what npm asked for (`GET /kafka-events 200`), `stop()` ends it.
 */
function startLocalRegistry({ tarballs, workspaceRoot, dir }) {
  const configFile = join(dir, 'local-registry.json');
  const log = join(dir, 'local-registry.log');
  writeFileSync(configFile, JSON.stringify({ tarballs, workspaceRoot, log }));
  writeFileSync(log, '');
  const child = spawn(process.execPath, [__filename, configFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) =>
      reject(new Error(`local registry exited with ${code} before listening`)),
    );
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const port = /listening (\d+)/.exec(out)?.[1];
      if (!port) return;
      child.removeAllListeners('exit');
      resolve({
        url: `http://127.0.0.1:${port}/`,
        requests: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
        clearRequests: () => writeFileSync(log, ''),
        stop: () => child.kill(),
      });
    });
  });
}

module.exports = { startLocalRegistry };
if (require.main === module) serve(JSON.parse(readFileSync(process.argv[2], 'utf8')));

function serve(config) {
  // name -> { versions: { version: manifest } }; served tarball name -> path
  const packages = new Map();
  const files = new Map();
  for (const tarball of config.tarballs) {
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    );
    const data = readFileSync(tarball);
    const file = `${manifest.name.replace('/', '-').replace('@', '')}-${manifest.version}.tgz`;
    files.set(file, tarball);
    const entry = packages.get(manifest.name) ?? { versions: {} };
    entry.versions[manifest.version] = {
      ...manifest,
      _id: `${manifest.name}@${manifest.version}`,
      dist: {
        tarball: `/-/tarballs/${file}`, // made absolute per request (the port is known then)
        shasum: createHash('sha1').update(data).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
      },
    };
    packages.set(manifest.name, entry);
  }

  /** The workspace's installed copy of `name`, as a one-version packument without a tarball. */
  function installedPackument(name) {
    const path = join(config.workspaceRoot, 'node_modules', name, 'package.json');
    if (!existsSync(path)) return undefined;
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    return {
      versions: {
        [manifest.version]: {
          name: manifest.name,
          version: manifest.version,
          ...(manifest['nx-migrations'] ? { 'nx-migrations': manifest['nx-migrations'] } : {}),
          dist: { tarball: `/-/not-served/${basename(name)}-${manifest.version}.tgz` },
        },
      },
    };
  }

  function packument(name, origin) {
    const entry = packages.get(name) ?? installedPackument(name);
    if (!entry) return undefined;
    const versions = Object.fromEntries(
      Object.entries(entry.versions).map(([v, m]) => [
        v,
        { ...m, dist: { ...m.dist, tarball: origin + m.dist.tarball } },
      ]),
    );
    const latest = Object.keys(versions).sort(compareVersions).pop();
    return { name, 'dist-tags': { latest }, versions, time: {} };
  }

  function compareVersions(a, b) {
    const pa = a.split(/[.-]/).map(Number);
    const pb = b.split(/[.-]/).map(Number);
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
    return 0;
  }

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const origin = `http://127.0.0.1:${server.address().port}`;
    let status = 404;
    let body = JSON.stringify({ error: 'not found' });
    let type = 'application/json';
    if (path.startsWith('/-/tarballs/') && files.has(path.slice('/-/tarballs/'.length))) {
      status = 200;
      body = readFileSync(files.get(path.slice('/-/tarballs/'.length)));
      type = 'application/octet-stream';
    } else if (req.method === 'GET' && !path.startsWith('/-/')) {
      const doc = packument(path.slice(1), origin);
      if (doc) {
        status = 200;
        body = JSON.stringify(doc);
      }
    }
    appendFileSync(config.log, `${req.method} ${path} ${status}\n`);
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });

  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${server.address().port}\n`);
  });
}
