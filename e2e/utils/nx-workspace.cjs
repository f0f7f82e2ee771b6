// Creates real Nx workspaces the way users do (create-nx-workspace) and installs the packed
// kafka-events tarballs into them. Shared by the e2e tests and the demo, so it is plain CommonJS.
'use strict';

const { spawnSync } = require('node:child_process');
const {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  existsSync,
  readFileSync,
  writeFileSync,
  rmSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

const repoRoot = resolve(__dirname, '..', '..');
const packDir = join(repoRoot, 'dist', 'pack');

/** Environment for commands in a test workspace: no daemon, no cloud, no prompts. */
function workspaceEnv(extra = {}) {
  return {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_SKIP_NX_CACHE: 'false',
    NX_INTERACTIVE: 'false',
    NX_TUI: 'false',
    CI: 'true',
    // plain text output, so tests can match messages
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/**
 * Runs a command and returns {status, stdout, stderr, output}. Throws with the whole output when
 * the command fails, unless `allowFailure` is set (tests of bad input inspect the failure).
 */
function run(cmd, args, { cwd, allowFailure = false, env, timeoutMs = 15 * 60_000 } = {}) {
  const result = spawnSync(cmd, args, {
    cwd,
    env: workspaceEnv(env),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const status = result.status ?? (result.signal ? 128 : 1);
  if (!allowFailure && status !== 0) {
    throw new Error(
      `command failed (exit ${status}${result.signal ? `, ${result.signal}` : ''}) in ${cwd}:\n` +
        `  ${cmd} ${args.join(' ')}\n${output.slice(-20_000)}`,
    );
  }
  return { status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', output };
}

/** The tarballs written by `npm run pack`; fails clearly when they are missing. */
function packedTarballs() {
  const files = existsSync(packDir) ? readdirSync(packDir) : [];
  const plugin = files.find((f) => /^kafka-events-\d.*\.tgz$/.test(f));
  const runtime = files.find((f) => /^kafka-events-runtime-\d.*\.tgz$/.test(f));
  if (!plugin || !runtime) {
    throw new Error(`packed tarballs not found in ${packDir}: run \`npm run pack\` first`);
  }
  return { plugin: join(packDir, plugin), runtime: join(packDir, runtime) };
}

/** The Nx of this repository, whose create-nx-workspace is installed here. */
const repoNxVersion = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
  .devDependencies.nx;

/**
 * A fresh workspace from create-nx-workspace (this repository's Nx, 23.2.1, unless told).
 * preset 'ts': npm workspaces + TS project references; preset 'apps': integrated, tsconfig paths.
 * `nxVersion`: the Nx of the workspace; `creatorVersion` (default nxVersion): the
 * create-nx-workspace that makes it, for an Nx release with none of its own on the registry
 * (every nx and @nx/* package is then set to nxVersion and installed).
 * `packageManager` (npm by default): pnpm and yarn must be on PATH (corepack shims).
 */
function createWorkspace({
  preset,
  name = 'acme',
  parentDir,
  nxVersion = repoNxVersion,
  creatorVersion = nxVersion,
  packageManager = 'npm',
} = {}) {
  const parent = parentDir ?? mkdtempSync(join(tmpdir(), `kafka-events-${preset}-`));
  const creator =
    creatorVersion === repoNxVersion
      ? [join(repoRoot, 'node_modules', '.bin', 'create-nx-workspace')]
      : ['npx', '-y', `create-nx-workspace@${creatorVersion}`];
  run(
    creator[0],
    [
      ...creator.slice(1),
      name,
      `--preset=${preset}`,
      '--nxCloud=skip',
      `--packageManager=${packageManager}`,
      '--interactive=false',
      '--formatter=prettier',
    ],
    { cwd: parent },
  );
  const ws = workspace(join(parent, name));
  if (nxVersion !== creatorVersion) setNxVersion(ws, nxVersion);
  return ws;
}

/** Sets every nx and @nx/* package of the root package.json to `version` and installs. */
function setNxVersion(ws, version) {
  const pkg = ws.readJson('package.json');
  for (const deps of [pkg.dependencies, pkg.devDependencies]) {
    for (const name of Object.keys(deps ?? {})) {
      if (name === 'nx' || name.startsWith('@nx/')) deps[name] = version;
    }
  }
  ws.write('package.json', JSON.stringify(pkg, null, 2) + '\n');
  ws.npm(['install']);
  ws.commitAll(`nx ${version}`);
}

/** Helpers bound to one workspace folder. */
function workspace(root) {
  const ws = {
    root,
    run: (cmd, args, opts = {}) => run(cmd, args, { cwd: root, ...opts }),
    nx: (args, opts = {}) =>
      run(join(root, 'node_modules', '.bin', 'nx'), args, { cwd: root, ...opts }),
    npm: (args, opts = {}) => run('npm', args, { cwd: root, ...opts }),
    git: (args, opts = {}) => run('git', args, { cwd: root, ...opts }),
    read: (path) => readFileSync(join(root, path), 'utf8'),
    readJson: (path) => JSON.parse(readFileSync(join(root, path), 'utf8')),
    write: (path, text) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    },
    exists: (path) => existsSync(join(root, path)),
    /** `git status --porcelain` plus the content hash of tracked and untracked files. */
    snapshot: () => {
      const status = run('git', ['status', '--porcelain', '--untracked-files=all'], {
        cwd: root,
      }).stdout;
      const diff = run('git', ['diff', 'HEAD'], { cwd: root }).stdout;
      return `${status}\n${diff}`;
    },
    commitAll: (message) => {
      run('git', ['add', '-A'], { cwd: root });
      run(
        'git',
        [
          '-c',
          'user.email=e2e@example.com',
          '-c',
          'user.name=e2e',
          'commit',
          '-qm',
          message,
          '--allow-empty',
        ],
        { cwd: root },
      );
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  return ws;
}

/**
 * Installs the packed packages (never the public `kafka-events`, an unrelated placeholder) and
 * runs the init generator, which adds zod, kafkajs and the test toolchain.
 */
function installKafkaEvents(ws) {
  const { plugin, runtime } = packedTarballs();
  ws.npm(['install', '--save', runtime]);
  ws.npm(['install', '--save-dev', plugin]);
  ws.nx(['g', 'kafka-events:init', '--no-interactive']);
  return { plugin, runtime };
}

module.exports = {
  repoRoot,
  packDir,
  run,
  packedTarballs,
  createWorkspace,
  workspace,
  installKafkaEvents,
  workspaceEnv,
};
