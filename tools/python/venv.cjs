#!/usr/bin/env node
/**
 * Creates tools/python/.venv and installs requirements.txt into it on first use, so the Pydantic
 * interop spec runs on a fresh machine with nothing but python3 (3.9+). Idempotent: a stamp holding
 * the hash of requirements.txt is written last, so an interrupted install is redone and a changed
 * requirements.txt reinstalls.
 *   node tools/python/venv.cjs          prints the venv's python path
 * KAFKA_EVENTS_PYTHON picks the interpreter that creates the venv (default python3).
 */
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const DIR = __dirname;
const VENV = path.join(DIR, '.venv');
const REQUIREMENTS = path.join(DIR, 'requirements.txt');
const STAMP = path.join(VENV, '.requirements.sha256');
const venvPython = () =>
  path.join(VENV, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

class PythonEnvError extends Error {
  name = 'PythonEnvError';
}

/** Runs a command; a failure becomes an error that says what was attempted and what to fix. */
function run(command, args, what, hint) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: 'pipe' });
  if (result.error || result.status !== 0) {
    const output = result.error ? result.error.message : `${result.stdout}${result.stderr}`.trim();
    throw new PythonEnvError(`${what} failed: ${command} ${args.join(' ')}\n${output}\n${hint}`);
  }
  return result.stdout;
}

function basePython() {
  const python = process.env.KAFKA_EVENTS_PYTHON || 'python3';
  const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
    encoding: 'utf8',
  });
  if (probe.error || probe.status !== 0) {
    throw new PythonEnvError(
      `${python} not found: the Pydantic interop test needs Python 3.9+ ` +
        `(install python3, or set KAFKA_EVENTS_PYTHON to an interpreter)`,
    );
  }
  const [major, minor] = probe.stdout.trim().split('.').map(Number);
  if (major !== 3 || minor < 9) {
    throw new PythonEnvError(`${python} is Python ${probe.stdout.trim()}; Python 3.9+ is needed`);
  }
  return python;
}

/**
 * `python -m venv` needs ensurepip, which Debian ships separately (python3-venv). Without it the
 * venv is created --without-pip and filled by the interpreter's own pip (`pip --python`, pip 22.3+).
 */
function createVenv(python) {
  const withPip = spawnSync(python, ['-m', 'venv', VENV], { encoding: 'utf8' });
  if (withPip.status === 0) return () => [venvPython(), ['-m', 'pip']];
  fs.rmSync(VENV, { recursive: true, force: true });
  run(
    python,
    ['-m', 'venv', '--without-pip', VENV],
    'Creating the Python venv',
    'Install the venv module (Debian/Ubuntu: apt-get install python3-venv).',
  );
  run(
    python,
    ['-m', 'pip', '--version'],
    `ensurepip is missing (${withPip.stderr.trim().split('\n').pop()}) and so is pip`,
    'Install python3-venv or python3-pip.',
  );
  return () => [python, ['-m', 'pip', '--python', venvPython()]];
}

function requirementsHash() {
  return createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
}

/** The venv's python, after installing requirements.txt if it is not installed yet. */
function ensurePythonEnv({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const hash = requirementsHash();
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  if (stamp === hash && fs.existsSync(venvPython())) return venvPython();

  const python = basePython();
  log(
    `kafka-events: creating ${path.relative(process.cwd(), VENV)} and installing requirements.txt`,
  );
  fs.rmSync(VENV, { recursive: true, force: true });
  const pip = createVenv(python);
  const [command, prefix] = pip();
  run(
    command,
    [...prefix, 'install', '--disable-pip-version-check', '--no-input', '-r', REQUIREMENTS],
    'Installing tools/python/requirements.txt',
    'pip needs to reach PyPI (or a mirror set with PIP_INDEX_URL).',
  );
  fs.writeFileSync(STAMP, `${hash}\n`);
  return venvPython();
}

module.exports = { ensurePythonEnv, PythonEnvError, VENV };

if (require.main === module) {
  try {
    process.stdout.write(`${ensurePythonEnv()}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
