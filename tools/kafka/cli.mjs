#!/usr/bin/env node
/**
 * A detached local Kafka broker for the demo, benchmarks and manual work.
 *   node tools/kafka/cli.mjs start [--port N] [--data-dir DIR]   (npm run kafka:start)
 *   node tools/kafka/cli.mjs stop                                (npm run kafka:stop)
 *   node tools/kafka/cli.mjs status
 * State: tools/kafka/.cache/state.json. `start` prints KAFKA_BROKERS=127.0.0.1:<port> on stdout
 * (so `eval "$(npm run -s kafka:start)"` works); everything else goes to stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startBroker, attachBroker, CACHE_DIR } = require('./broker.cjs');

const STATE_FILE = path.join(CACHE_DIR, 'state.json');
const USAGE = 'usage: node tools/kafka/cli.mjs start [--port N] [--data-dir DIR] | stop | status';

function readState() {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw new Error(
      `${STATE_FILE} is unreadable (${err.message}); delete it and stop any stray broker with \`ps\``,
      { cause: err },
    );
  }
}

/** The broker named by state.json when its JVM is alive, else null (and a stale state is removed). */
function runningBroker(state) {
  if (!state) return null;
  try {
    const broker = attachBroker(state.controlFile);
    if (broker.isRunning()) return broker;
  } catch {
    // Control file gone: the broker was stopped or its owner cleaned up.
  }
  return null;
}

function parseStartArgs(args) {
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === '--port' && /^\d+$/.test(value ?? '')) options.port = Number(args[++i]);
    else if (flag === '--data-dir' && value) options.dataDir = args[++i];
    else throw new Error(`unknown or incomplete option ${JSON.stringify(flag)}\n${USAGE}`);
  }
  return options;
}

async function start(args) {
  const options = parseStartArgs(args);
  const state = readState();
  const existing = runningBroker(state);
  if (existing) {
    process.stderr.write(
      `Kafka broker already running (pid ${existing.pid}, data ${existing.dataDir})\n`,
    );
    process.stdout.write(`KAFKA_BROKERS=${existing.bootstrap}\n`);
    return;
  }
  if (state) cleanUpDead(state);

  const started = Date.now();
  const broker = await startBroker({ ...options, detached: true });
  fs.writeFileSync(
    STATE_FILE,
    `${JSON.stringify(
      {
        pid: broker.pid,
        bootstrap: broker.bootstrap,
        dataDir: broker.dataDir,
        logFile: broker.logFile,
        version: broker.version,
        controlFile: broker.controlFile,
        startedAt: new Date().toISOString(),
      },
      null,
      2,
    )}\n`,
  );
  process.stderr.write(
    `Kafka ${broker.version} broker ready in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(pid ${broker.pid}, data ${broker.dataDir}, log ${broker.logFile})\n`,
  );
  process.stdout.write(`KAFKA_BROKERS=${broker.bootstrap}\n`);
}

/** A previous broker died (crash, reboot): forget it and drop the data dir this CLI created. */
function cleanUpDead(state) {
  process.stderr.write(
    `Previous broker (pid ${state.pid}) is not running; cleaning up its state\n`,
  );
  try {
    const record = JSON.parse(fs.readFileSync(state.controlFile, 'utf8'));
    if (record.ownsDataDir) fs.rmSync(record.dataDir, { recursive: true, force: true });
  } catch {
    // No control file left: nothing more to clean.
  }
  fs.rmSync(state.controlFile, { force: true });
  fs.rmSync(STATE_FILE, { force: true });
}

async function stop() {
  const state = readState();
  if (!state) {
    process.stderr.write('No Kafka broker started by this CLI (no state file)\n');
    return;
  }
  const broker = runningBroker(state);
  if (!broker) {
    cleanUpDead(state);
    return;
  }
  await broker.stop();
  fs.rmSync(STATE_FILE, { force: true });
  process.stderr.write(`Stopped Kafka broker pid ${state.pid} (${state.bootstrap})\n`);
}

function status() {
  const state = readState();
  const broker = runningBroker(state);
  if (!broker) {
    process.stderr.write(
      state ? `Not running (pid ${state.pid} is gone; \`stop\` cleans up)\n` : 'Not running\n',
    );
    return 1;
  }
  process.stderr.write(
    `Running: pid ${broker.pid}, Kafka ${broker.version}, data ${broker.dataDir}, log ${broker.logFile}\n`,
  );
  process.stdout.write(`KAFKA_BROKERS=${broker.bootstrap}\n`);
  return 0;
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'start') await start(rest);
  else if (command === 'stop') await stop();
  else if (command === 'status') process.exitCode = status();
  else throw new Error(USAGE);
} catch (err) {
  process.stderr.write(`kafka ${command ?? ''}: ${err.message}\n`);
  process.exitCode = 2;
}
