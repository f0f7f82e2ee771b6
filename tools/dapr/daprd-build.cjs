'use strict';
/**
 * Builds the real Dapr sidecar (daprd) from Dapr's own Go module and caches the binary in
 * tools/dapr/.cache/daprd-<version>/daprd (git-ignored), so a run builds it at most once.
 *
 * `go install github.com/dapr/dapr/cmd/daprd@vX` refuses because dapr's go.mod has `replace`
 * directives, so we write a small wrapper module that requires dapr and repeats them (read
 * from dapr's own go.mod, never copied by hand), then `go build -tags stablecomponents`
 * (without that tag daprd panics at start: no components are registered).
 *
 * DAPRD_PATH=/path/to/daprd uses an installed daprd instead; DAPR_VERSION picks the version.
 */

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const TOOL_DIR = __dirname;
const CACHE_DIR = path.join(TOOL_DIR, '.cache');
const DEFAULT_DAPR_VERSION = '1.14.0';
const COMPLETE_MARKER = '.complete';
const DAPR_MODULE = 'github.com/dapr/dapr';

class DaprToolError extends Error {
  constructor(message) {
    super(message);
    this.name = 'DaprToolError';
  }
}

function daprVersion(version) {
  const v = (version || process.env.DAPR_VERSION || DEFAULT_DAPR_VERSION).replace(/^v/, '');
  // The version becomes part of a path and a module query: refuse anything odd.
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(v))
    throw new DaprToolError(`invalid Dapr version ${JSON.stringify(v)} (expected e.g. 1.14.0)`);
  return v;
}

function binaryDirFor(version) {
  return path.join(CACHE_DIR, `daprd-${version}`);
}

/** Go's own caches live beside the binary so a fresh machine's build never touches ~/go. */
function goEnvironment() {
  const goPath = path.join(CACHE_DIR, 'go');
  return {
    ...process.env,
    GOPATH: goPath,
    GOMODCACHE: path.join(goPath, 'pkg', 'mod'),
    GOCACHE: path.join(CACHE_DIR, 'go-build'),
    GOFLAGS: '-mod=mod -buildvcs=false',
    // The installed Go must do the build: a toolchain download may be unreachable.
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
}

/** Fails with what to install when Go is missing or older than dapr's go.mod requires. */
function findGo(minimum, env = goEnvironment()) {
  const probe = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : `${probe.stdout}${probe.stderr}`.trim();
    throw new DaprToolError(
      `Go is required to build the Dapr sidecar (daprd) for the Dapr tests and the demo, but \`go env GOVERSION\` failed (${why}). ` +
        'Install Go 1.22.6 or newer from https://go.dev/dl/ (or `apt-get install golang-go` where it is new enough) and put `go` on PATH, ' +
        'or set DAPRD_PATH to an installed daprd binary.',
    );
  }
  const installed = probe.stdout.trim().replace(/^go/, '');
  if (minimum && compareVersions(installed, minimum) < 0) {
    throw new DaprToolError(
      `Dapr's go.mod needs Go ${minimum} or newer, but the installed Go is ${installed}. ` +
        'Install a newer Go from https://go.dev/dl/, or set DAPRD_PATH to an installed daprd binary.',
    );
  }
  return installed;
}

function compareVersions(a, b) {
  const parts = (v) => v.split('.').map((p) => parseInt(p, 10) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}

function runGo(args, options) {
  const result = spawnSync('go', args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout || ''}${result.stderr || ''}`
      .trim()
      .split('\n')
      .slice(-40)
      .join('\n');
    throw new DaprToolError(
      `\`go ${args.join(' ')}\` failed (${result.error ? result.error.message : `exit ${result.status}`}) in ${options.cwd}.\n` +
        `Output (last 40 lines):\n${output}`,
    );
  }
  return result.stdout;
}

/** The wrapper module: dapr required at `version`, with dapr's own replace directives. */
function wrapperGoMod(version, daprGoMod) {
  const replaces = (daprGoMod.Replace || []).map((r) => {
    const from = r.Old.Version ? `${r.Old.Path} ${r.Old.Version}` : r.Old.Path;
    const to = r.New.Version ? `${r.New.Path} ${r.New.Version}` : r.New.Path;
    return `\t${from} => ${to}`;
  });
  return [
    "// Written by tools/dapr/daprd-build.cjs: builds daprd from Dapr's Go module.",
    'module daprdbuild',
    '',
    `go ${daprGoMod.Go}`,
    '',
    `require ${DAPR_MODULE} v${version}`,
    '',
    'replace (',
    ...replaces,
    ')',
    '',
  ].join('\n');
}

/**
 * Returns the path of a daprd binary for `version`, building it on first use (about 10 min
 * and 3 GB of Go caches on 2 cores). Concurrent callers each build into a temp folder and
 * the first one finished is renamed into place, as tools/kafka does with its jars.
 */
function ensureDaprd(options = {}) {
  if (process.env.DAPRD_PATH) {
    if (!fs.existsSync(process.env.DAPRD_PATH))
      throw new DaprToolError(`DAPRD_PATH=${process.env.DAPRD_PATH} does not exist`);
    return process.env.DAPRD_PATH;
  }
  const version = daprVersion(options.version);
  const dir = binaryDirFor(version);
  const binary = path.join(dir, 'daprd');
  if (fs.existsSync(path.join(dir, COMPLETE_MARKER))) return binary;

  const log = options.log || ((line) => process.stderr.write(`[dapr] ${line}\n`));
  const env = goEnvironment();
  findGo(null, env);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // One build at a time (test-all.sh starts one in the background while unit tests run):
  // a second caller waits for it instead of doubling the CPU and disk load.
  const lock = `${dir}.building`;
  if (!takeLock(lock)) {
    log(`waiting for the daprd ${version} build already under way (${lock})`);
    waitForLock(lock);
    if (fs.existsSync(path.join(dir, COMPLETE_MARKER))) return binary;
    if (!takeLock(lock)) throw new DaprToolError(`could not take ${lock}`);
  }
  try {
    return buildDaprd(version, dir, binary, env, log);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Creates the lock file with our pid; a lock left by a dead process is taken over. */
function takeLock(lock) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lock, 'utf8')) || 0;
      if (owner && pidAlive(owner)) return false;
      fs.rmSync(lock, { force: true });
    }
  }
  return false;
}

function waitForLock(lock) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (fs.existsSync(lock)) {
    const owner = Number(fs.readFileSync(lock, 'utf8')) || 0;
    if (owner && !pidAlive(owner)) return;
    Atomics.wait(pause, 0, 0, 1000);
  }
}

function buildDaprd(version, dir, binary, env, log) {
  const work = `${dir}.tmp-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  fs.mkdirSync(work, { recursive: true });
  try {
    log(
      `building daprd ${version} from ${DAPR_MODULE} (first run only; about 10 minutes on 2 cores)`,
    );
    const started = Date.now();
    const download = JSON.parse(
      runGo(['mod', 'download', '-json', `${DAPR_MODULE}@v${version}`], { cwd: work, env }),
    );
    if (download.Error) throw new DaprToolError(`go mod download: ${download.Error}`);
    const daprGoMod = JSON.parse(
      runGo(['mod', 'edit', '-json', download.GoMod], { cwd: work, env }),
    );
    findGo(daprGoMod.Go, env);

    fs.writeFileSync(path.join(work, 'go.mod'), wrapperGoMod(version, daprGoMod));
    // dapr's go.sum pins every dependency; the two lines for dapr itself come from the download.
    const daprSum = fs.readFileSync(path.join(download.Dir, 'go.sum'), 'utf8');
    fs.writeFileSync(
      path.join(work, 'go.sum'),
      `${daprSum.trimEnd()}\n${DAPR_MODULE} v${version} ${download.Sum}\n` +
        `${DAPR_MODULE} v${version}/go.mod ${download.GoModSum}\n`,
    );
    fs.writeFileSync(path.join(work, 'tools.go'), 'package daprdbuild\n');

    const ldflags = [
      '-s',
      '-w',
      `-X ${DAPR_MODULE}/pkg/buildinfo.version=${version}`,
      `-X ${DAPR_MODULE}/pkg/buildinfo.gitversion=v${version}`,
    ].join(' ');
    runGo(
      [
        'build',
        '-tags',
        'stablecomponents',
        '-trimpath',
        '-ldflags',
        ldflags,
        '-o',
        path.join(work, 'daprd'),
        `${DAPR_MODULE}/cmd/daprd`,
      ],
      { cwd: work, env },
    );
    fs.writeFileSync(path.join(work, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
    try {
      fs.renameSync(work, dir);
    } catch (err) {
      // Another process finished first: use its binary.
      if (!fs.existsSync(path.join(dir, COMPLETE_MARKER))) throw err;
    }
    log(`daprd ${version} built in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
    return binary;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = {
  CACHE_DIR,
  DEFAULT_DAPR_VERSION,
  DaprToolError,
  daprVersion,
  ensureDaprd,
  findGo,
  goEnvironment,
  wrapperGoMod,
};
