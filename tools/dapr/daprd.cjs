'use strict';
/**
 * Runs the real Dapr sidecar (daprd, built by daprd-build.cjs) for one app: free ports, the
 * app's manifests loaded as they are (only the Kafka broker address substituted), ready
 * detection through Dapr's health endpoint, stop/kill/restart, and the log kept for assertions
 * and for the error when daprd fails to start. Self-hosted mode: no placement, scheduler or
 * Docker; warnings about those and about mTLS are expected.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('../common/free-port.cjs');
const { DaprToolError, ensureDaprd } = require('./daprd-build.cjs');
const { writeResources } = require('./resources.cjs');

const DEFAULT_READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const running = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed test run must not leave sidecars consuming from the broker.
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Health of the sidecar: 'ready' (204), 'starting' (any other answer) or 'down' (no answer). */
async function health(url, endpoint) {
  try {
    const reply = await fetch(`${url}${endpoint}`, { signal: AbortSignal.timeout(2_000) });
    return reply.status === 204 ? 'ready' : 'starting';
  } catch {
    return 'down';
  }
}

/**
 * A daprd child process with the promise of its exit (set by start()), which every stop awaits.
 * @typedef {import('node:child_process').ChildProcess & {
 *   exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
 * }} DaprdProcess
 */

class Daprd {
  constructor(options, binary, ports, resourcesDir) {
    this.options = options;
    this.binary = binary;
    this.appId = options.appId;
    this.httpPort = ports.http;
    this.grpcPort = ports.grpc;
    this.metricsPort = ports.metrics;
    this.url = `http://127.0.0.1:${ports.http}`;
    this.resourcesDir = resourcesDir;
    /** @type {DaprdProcess | undefined} */
    this.child = undefined;
    this.output = '';
    this.exits = [];
  }

  args() {
    const o = this.options;
    const args = [
      '--app-id',
      o.appId,
      '--dapr-http-port',
      String(this.httpPort),
      '--dapr-grpc-port',
      String(this.grpcPort),
      '--metrics-port',
      String(this.metricsPort),
      '--resources-path',
      this.resourcesDir,
      '--log-level',
      o.logLevel || 'info',
      '--dapr-listen-addresses',
      '127.0.0.1',
    ];
    if (o.appPort !== undefined) {
      args.push('--app-port', String(o.appPort), '--app-channel-address', '127.0.0.1');
    }
    if (o.configFile) args.push('--config', o.configFile);
    return args.concat(o.extraArgs || []);
  }

  /** Starts the process (again, after stop or kill) and waits until Dapr reports ready. */
  async start() {
    if (this.child) throw new DaprToolError(`daprd ${this.appId} is already running`);
    const env = { ...process.env, ...this.options.env };
    // Tokens come from the environment, as in production; unset unless the test asks.
    delete env.DAPR_API_TOKEN;
    delete env.APP_API_TOKEN;
    if (this.options.apiToken) env.DAPR_API_TOKEN = this.options.apiToken;
    if (this.options.appApiToken) env.APP_API_TOKEN = this.options.appApiToken;
    const child = /** @type {DaprdProcess} */ (
      spawn(this.binary, this.args(), { env, stdio: ['ignore', 'pipe', 'pipe'] })
    );
    this.child = child;
    running.add(child);
    installExitHook();
    const append = (chunk) => {
      const text = chunk.toString('utf8');
      this.output += text;
      if (process.env.DAPRD_LOG === '1')
        process.stderr.write(text.replace(/^/gm, `[daprd ${this.appId}] `));
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        this.exits.push({ code, signal });
        if (this.child === child) this.child = undefined;
        resolve({ code, signal });
      });
    });
    child.exited = exited;
    if (this.options.waitForReady === false) return this;
    await this.waitUntilReady(this.options.readyTimeoutMs || DEFAULT_READY_TIMEOUT_MS);
    return this;
  }

  /**
   * `/v1.0/healthz` answers 204 once components are loaded and, with an app port, the app is
   * reachable and its subscriptions are read; without an app the outbound check is the one.
   */
  async waitUntilReady(timeoutMs) {
    const endpoint =
      this.options.appPort === undefined ? '/v1.0/healthz/outbound' : '/v1.0/healthz';
    const deadline = Date.now() + timeoutMs;
    const child = this.child;
    while (Date.now() < deadline) {
      if (!child || this.child !== child) {
        throw new DaprToolError(
          `daprd ${this.appId} exited during start (${JSON.stringify(this.exits.at(-1))}).\n${this.logTail()}`,
        );
      }
      if ((await health(this.url, endpoint)) === 'ready') return;
      await sleep(100);
    }
    throw new DaprToolError(
      `daprd ${this.appId} was not ready on ${this.url}${endpoint} within ${timeoutMs} ms.\n${this.logTail()}`,
    );
  }

  logTail(lines = 40) {
    return `daprd log (last ${lines} lines):\n${this.output.trimEnd().split('\n').slice(-lines).join('\n')}`;
  }

  /** Resolves once the log matches `pattern` (checked from `fromIndex` of the log text). */
  async waitForLog(pattern, { timeoutMs = 30_000, fromIndex = 0 } = {}) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = pattern.exec(this.output.slice(fromIndex));
      if (match) return match;
      await sleep(100);
    }
    throw new DaprToolError(
      `daprd ${this.appId}: no log line matched ${pattern} within ${timeoutMs} ms.\n${this.logTail()}`,
    );
  }

  get running() {
    return this.child !== undefined;
  }

  async signal(sig, timeoutMs) {
    const child = this.child;
    if (!child) return;
    child.kill(sig);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([child.exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      child.kill('SIGKILL');
      await child.exited;
    }
  }

  /** Graceful stop (SIGTERM: Dapr drains in-flight deliveries), SIGKILL after 10 s. */
  async stop() {
    await this.signal('SIGTERM', STOP_TIMEOUT_MS);
  }

  /** A crash: SIGKILL, nothing drained, no offsets committed on the way out. */
  async kill() {
    await this.signal('SIGKILL', STOP_TIMEOUT_MS);
  }

  async restart() {
    await this.stop();
    return this.start();
  }

  /** Stops the process and removes its resources folder. */
  async dispose() {
    await this.stop();
    fs.rmSync(this.resourcesDir, { recursive: true, force: true });
  }
}

/** daprd's log when one of its ports was in use. */
const PORT_TAKEN = /could not listen on any endpoint|address already in use/;
const START_ATTEMPTS = 3;

/**
 * Starts daprd for one app.
 * - manifestFiles / manifestDirs: the app's Component, Subscription and Resiliency YAML files
 *   (e.g. what `nx g kafka-events:dapr` wrote), copied as they are;
 * - manifests: extra YAML texts (for specs that need a manifest the generator does not write);
 * - brokers: replaces the `brokers` metadata of every pubsub.kafka Component, nothing else.
 * Options: appId, appPort (omit for a publish-only app), apiToken (DAPR_API_TOKEN),
 * appApiToken (APP_API_TOKEN), configFile, logLevel, readyTimeoutMs, waitForReady, env, extraArgs.
 */
async function startDaprd(options) {
  if (!options || !options.appId) throw new DaprToolError('startDaprd: appId is required');
  const binary = ensureDaprd();
  const resourcesDir = fs.mkdtempSync(path.join(os.tmpdir(), `daprd-${options.appId}-`));
  writeResources(resourcesDir, options);
  for (let attempt = 1; ; attempt++) {
    const ports = { http: await freePort(), grpc: await freePort(), metrics: await freePort() };
    const daprd = new Daprd(options, binary, ports, resourcesDir);
    try {
      return await daprd.start();
    } catch (error) {
      // A port the kernel handed out free can be taken before daprd binds it (by another
      // sidecar or an outgoing connection of a parallel test): daprd then exits at once.
      const portTaken = !daprd.running && PORT_TAKEN.test(daprd.output);
      if (portTaken && attempt < START_ATTEMPTS) continue;
      await daprd.dispose();
      throw error;
    }
  }
}

module.exports = { Daprd, startDaprd };
