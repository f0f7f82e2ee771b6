'use strict';
/**
 * A real single-node Apache Kafka broker (KRaft, broker + controller in one JVM) for tests,
 * the demo and benchmarks. Plain CommonJS so jest globalSetup, .mjs scripts and ts tests can
 * all require it without a build step. Types: broker.d.ts. Usage and design: README.md.
 *
 * Every broker has a JSON "control record" (tools/kafka/.cache/brokers/<id>.json) that holds
 * its current JVM pid, ports, data dir and owner. All operations re-read it, so any process
 * that knows the file (a jest worker through KAFKA_BROKER_CONTROL, the CLI through
 * state.json) can kill or restart the broker, and the owner still stops whichever JVM is
 * current at the end.
 */

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('../common/free-port.cjs');

const TOOL_DIR = __dirname;
const POM = path.join(TOOL_DIR, 'pom.xml');
const CACHE_DIR = path.join(TOOL_DIR, '.cache');
const REGISTRY_DIR = path.join(CACHE_DIR, 'brokers');
const COMPLETE_MARKER = '.complete';
const READY_LINE = 'Kafka Server started';
const DEFAULT_READY_TIMEOUT_MS = 90_000;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;
const JVM_ARGS = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  // slf4j-simple prints no time by default; the log is what explains a slow or failed start.
  '-Dorg.slf4j.simpleLogger.showDateTime=true',
  '-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS',
];

class KafkaBrokerError extends Error {
  constructor(message) {
    super(message);
    this.name = 'KafkaBrokerError';
  }
}

// ---------------------------------------------------------------------------------------------
// Toolchain: Java, Maven, the broker jars
// ---------------------------------------------------------------------------------------------

/** The Kafka version in pom.xml: the one verified against kafkajs (docs/kafka-compat.md). */
function defaultKafkaVersion() {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(POM, 'utf8'));
  if (!match) throw new KafkaBrokerError(`${POM} has no <kafka.version> property`);
  return match[1].trim();
}

function kafkaVersion(version) {
  const v = version || process.env.KAFKA_VERSION || defaultKafkaVersion();
  // The version becomes part of a path and a Maven property: refuse anything odd.
  if (!/^[0-9][0-9A-Za-z.+-]*$/.test(v))
    throw new KafkaBrokerError(`invalid Kafka version ${JSON.stringify(v)}`);
  return v;
}

function jarsDirFor(version) {
  // keyed on the pom too, so a cache made before a dependency was added is not reused
  const pomHash = crypto
    .createHash('sha256')
    .update(fs.readFileSync(POM))
    .digest('hex')
    .slice(0, 8);
  return path.join(CACHE_DIR, `jars-${version}-${pomHash}`);
}

/** The java binary: $JAVA_HOME/bin/java when JAVA_HOME is set, else `java` on PATH. */
function findJava(env = process.env) {
  const java = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8', env });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : (probe.stderr || '').trim();
    throw new KafkaBrokerError(
      `Java 17+ is required to run the local Kafka broker, but \`${java} -version\` failed (${why}). ` +
        'Install it with `apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or set JAVA_HOME ' +
        'to a JDK/JRE 17+ installation.',
    );
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr || '');
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (major < 17) {
    throw new KafkaBrokerError(
      `Kafka 4.x needs Java 17+, but \`${java} -version\` reports Java ${major}. ` +
        'Install `openjdk-17-jre-headless` or point JAVA_HOME at Java 17+.',
    );
  }
  return java;
}

function findMaven(env = process.env) {
  const probe = spawnSync('mvn', ['-v'], { encoding: 'utf8', env });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : `${probe.stdout}${probe.stderr}`.trim();
    throw new KafkaBrokerError(
      `Maven is required to download the Kafka broker jars (first run only), but \`mvn -v\` failed (${why}). ` +
        'Install it with `apt-get install maven` (Debian/Ubuntu) and make sure `mvn` is on PATH.',
    );
  }
  return 'mvn';
}

/**
 * Downloads the broker's runtime jars into tools/kafka/.cache/jars-<version> on first use and
 * returns that folder. Later calls return at once. Safe when several processes race: each
 * downloads into its own temporary folder and the first finished one is renamed into place.
 */
function ensureKafkaJars(options = {}) {
  const version = kafkaVersion(options.version);
  const dir = jarsDirFor(version);
  if (fs.existsSync(path.join(dir, COMPLETE_MARKER))) return dir;

  findJava(); // Maven needs it too; say so plainly instead of via a Maven stack trace.
  const mvn = findMaven();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  const args = [
    '-B',
    '-q',
    '-f',
    POM,
    `-Dkafka.version=${version}`,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${tmp}`,
  ];
  const command = `${mvn} ${args.join(' ')}`;
  let result;
  let downloaded = false;
  // Maven Central hiccups (a reset connection, a 5xx) are usually gone on a second try.
  for (let attempt = 1; attempt <= 2 && !downloaded; attempt++) {
    fs.rmSync(tmp, { recursive: true, force: true });
    result = spawnSync(mvn, args, { encoding: 'utf8', cwd: TOOL_DIR, maxBuffer: 64 * 1024 * 1024 });
    downloaded = !result.error && result.status === 0 && hasBrokerJar(tmp, version);
  }
  if (!downloaded) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const output = `${result.stdout || ''}${result.stderr || ''}`
      .trim()
      .split('\n')
      .slice(-40)
      .join('\n');
    throw new KafkaBrokerError(
      `Downloading Kafka ${version} jars failed twice.\nCommand: ${command}\n` +
        `Exit: ${result.error ? result.error.message : result.status}\nOutput (last 40 lines):\n${output}`,
    );
  }
  fs.writeFileSync(path.join(tmp, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    // Another process finished first (rename onto a non-empty dir fails): use its copy.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, COMPLETE_MARKER))) throw err;
  }
  return dir;
}

function hasBrokerJar(dir, version) {
  if (!fs.existsSync(path.join(dir, `kafka_2.13-${version}.jar`))) return false;
  if (!fs.existsSync(path.join(dir, `kafka-tools-${version}.jar`))) return false;
  return fs.readdirSync(dir).some((f) => f.startsWith('slf4j-simple-'));
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

/** Fields of /proc/<pid>/stat after the command name, or null when there is no such process. */
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Alive and not a zombie (a SIGKILLed child stays a zombie until its parent reaps it). */
function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code === 'ESRCH') return false;
  }
  const stat = procStat(pid);
  if (stat === null) return process.platform !== 'linux';
  return stat[0] !== 'Z' && stat[0] !== 'X';
}

/** Process start time in clock ticks since boot: with the pid it identifies a process. */
function startTimeOf(pid) {
  const stat = procStat(pid);
  return stat ? stat[19] : null;
}

/** True when pid is this broker's JVM (and not a recycled pid of something else). */
function isBrokerJvm(pid, propsFile) {
  if (!isAlive(pid)) return false;
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('kafka.Kafka') && cmd.includes(propsFile);
  } catch {
    return process.platform !== 'linux';
  }
}

function ownerAlive(owner) {
  return (
    isAlive(owner.pid) && (owner.startTime === null || startTimeOf(owner.pid) === owner.startTime)
  );
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

function clusterId() {
  // KRaft cluster ids are 16 random bytes as base64url; a leading '-' would read as an option.
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Control records and clean-up of brokers whose owner died
// ---------------------------------------------------------------------------------------------

function readRecord(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') {
      throw new KafkaBrokerError(
        `broker control file ${file} does not exist: the broker was stopped or never started`,
      );
    }
    throw new KafkaBrokerError(`broker control file ${file} is unreadable: ${err.message}`);
  }
}

function writeRecord(file, record) {
  // Atomic replace: another process may read it at any time.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

function discardRecord(record, file, { removeData }) {
  fs.rmSync(file, { force: true });
  if (removeData) fs.rmSync(record.dataDir, { recursive: true, force: true });
}

/** Control files of brokers started by this process; killed if it exits without stopping them. */
const ownedRecords = new Set();
let exitHooksInstalled = false;

function killOwnedSync() {
  for (const file of ownedRecords) {
    try {
      const record = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (isBrokerJvm(record.pid, record.propsFile)) signal(record.pid, 'SIGKILL');
      discardRecord(record, file, { removeData: record.ownsDataDir });
    } catch {
      // Already stopped by someone else: nothing to clean.
    }
  }
  ownedRecords.clear();
}

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killOwnedSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      killOwnedSync();
      // Keep the default behaviour (exit by that signal) unless someone else handles it.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

/**
 * Kills brokers left by processes that died without stopping them (a crashed or SIGKILLed
 * jest run, say), and forgets records whose JVM is gone. Returns what it cleaned.
 */
function reapStaleBrokers({ log = (msg) => process.stderr.write(`${msg}\n`) } = {}) {
  const cleaned = [];
  let files;
  try {
    files = fs.readdirSync(REGISTRY_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return cleaned;
  }
  for (const name of files) {
    const file = path.join(REGISTRY_DIR, name);
    let record;
    try {
      record = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue; // being written right now
    }
    // Detached brokers (the CLI's) have no owner: the CLI's state file manages them.
    if (!record.owner || ownerAlive(record.owner)) continue;
    if (isBrokerJvm(record.pid, record.propsFile)) {
      signal(record.pid, 'SIGKILL');
      log(
        `kafka-events: killed stale Kafka broker pid ${record.pid} (${record.bootstrap}) left by dead process ${record.owner.pid}`,
      );
    }
    discardRecord(record, file, { removeData: record.ownsDataDir });
    cleaned.push(record);
  }
  return cleaned;
}

// ---------------------------------------------------------------------------------------------
// The broker
// ---------------------------------------------------------------------------------------------

function serverProperties({ port, controllerPort, logDirs, autoCreateTopics }) {
  return [
    '# Written by tools/kafka/broker.cjs: single-node KRaft (broker + controller), loopback only.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDirs}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // false is the norm on managed and production clusters: a topic nobody created does not exist.
    `auto.create.topics.enable=${autoCreateTopics}`,
    'log.cleaner.dedupe.buffer.size=1048577',
    // Fewer internal partitions than the default 50: the first consumer group and the first
    // transaction come up in well under a second on a small machine.
    'offsets.topic.num.partitions=5',
    'transaction.state.log.num.partitions=5',
    // After a SIGKILL the restarted broker cannot register until the old incarnation's session
    // expires (DUPLICATE_BROKER_REGISTRATION): 9 s by default. 4 s keeps restarts quick while
    // leaving room for a stalled JVM on a busy machine before the broker is fenced.
    'broker.heartbeat.interval.ms=1000',
    'broker.session.timeout.ms=4000',
    '',
  ].join('\n');
}

function tailLines(file, n) {
  let text;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, Math.max(64 * 1024, n * 400));
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      text = buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).join('\n');
}

function readFrom(file, offset) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return '';
    const buf = Buffer.alloc(size - offset);
    fs.readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function formatStorage(record) {
  if (fs.existsSync(path.join(record.logDirs, 'meta.properties'))) return; // restart: keep data
  const args = ['-cp', path.join(record.jarsDir, '*'), 'kafka.tools.StorageTool', 'format'];
  args.push('-t', clusterId(), '-c', record.propsFile);
  const result = spawnSync(record.java, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new KafkaBrokerError(
      `formatting Kafka storage failed: ${record.java} ${args.join(' ')}\n` +
        `${result.error ? result.error.message : ''}${result.stdout}${result.stderr}`.trim(),
    );
  }
}

/** Spawns the JVM for `record` (already formatted), in its own process group, logging to its log file. */
function launchJvm(record) {
  const logOffset = fs.existsSync(record.logFile) ? fs.statSync(record.logFile).size : 0;
  const fd = fs.openSync(record.logFile, 'a');
  let child;
  try {
    const args = [
      ...JVM_ARGS,
      ...record.jvmArgs,
      '-cp',
      path.join(record.jarsDir, '*'),
      'kafka.Kafka',
      record.propsFile,
    ];
    // detached: the JVM must outlive a jest worker that restarts it; the owner process (see
    // installExitHooks) and reapStaleBrokers make sure it does not outlive the owner.
    child = spawn(record.java, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      cwd: record.dataDir,
    });
  } finally {
    fs.closeSync(fd);
  }
  child.unref();
  return { pid: child.pid, logOffset, child };
}

async function waitUntilReady(record, { pid, logOffset, child }, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  /** @type {{ code: number | null, sig: NodeJS.Signals | null } | null} */
  let exitInfo = null;
  child?.once('exit', (code, sig) => (exitInfo = { code, sig }));
  const fail = (why) => {
    // The cause is usually the first ERROR; the tail is often just shutdown noise after it.
    const lines = readFrom(record.logFile, logOffset).split('\n');
    const errors = [];
    lines.forEach((line, i) => {
      if (errors.length >= 10 || !/^\S+ \[[^\]]*\] (ERROR|FATAL) /.test(line)) return;
      errors.push(line);
      // The exception message (e.g. "...: Address already in use.") is on the next line.
      if (lines[i + 1] && /^[A-Za-z_$][\w.$]*(Exception|Error)\b/.test(lines[i + 1]))
        errors.push(lines[i + 1]);
    });
    const firstErrors = errors.length ? `First errors:\n${errors.join('\n')}\n` : '';
    return new KafkaBrokerError(
      `Kafka broker ${record.bootstrap} (pid ${pid}) ${why}.\n${firstErrors}` +
        `Log ${record.logFile} (last 40 lines):\n${tailLines(record.logFile, 40)}`,
    );
  };

  let started = false;
  while (!started) {
    if (exitInfo || !isAlive(pid)) {
      throw fail(
        `exited before it was ready${exitInfo ? ` (code ${exitInfo.code}, signal ${exitInfo.sig})` : ''}`,
      );
    }
    started = readFrom(record.logFile, logOffset).includes(READY_LINE);
    if (!started) {
      if (Date.now() > deadline)
        throw fail(`did not log "${READY_LINE}" within ${timeoutMs / 1000} s`);
      await sleep(200);
    }
  }

  // The log line comes before the listener serves metadata reliably: prove it with a real request.
  const { Kafka, logLevel } = require('kafkajs');
  let lastError;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw fail('exited before it was ready');
    const admin = new Kafka({
      clientId: 'kafka-events-broker-readiness',
      brokers: [record.bootstrap],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: 5000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return;
      lastError = new Error('describeCluster returned no brokers');
    } catch (err) {
      lastError = err;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await sleep(250);
  }
  throw fail(
    `logged "${READY_LINE}" but describeCluster did not succeed within ${timeoutMs / 1000} s (${lastError && lastError.message})`,
  );
}

/** Launches the JVM for `record` and waits; updates the control file with the new pid. */
async function run(file, record, timeoutMs) {
  const launched = launchJvm(record);
  record.pid = launched.pid;
  record.startedAt = new Date().toISOString();
  writeRecord(file, record);
  try {
    await waitUntilReady(record, launched, timeoutMs);
  } catch (err) {
    if (isAlive(launched.pid)) signal(launched.pid, 'SIGKILL');
    err.launchLog = readFrom(record.logFile, launched.logOffset);
    throw err;
  }
}

/**
 * A handle on a broker through its control file. Every method re-reads the file, so handles in
 * different processes agree on which JVM is current.
 */
class Broker {
  constructor(controlFile) {
    this.controlFile = controlFile;
    const record = readRecord(controlFile);
    this.bootstrap = record.bootstrap;
    this.brokers = [record.bootstrap];
    this.port = record.port;
    this.controllerPort = record.controllerPort;
    this.dataDir = record.dataDir;
    this.logFile = record.logFile;
    this.version = record.version;
  }

  /** The current JVM's pid (changes on restart). */
  get pid() {
    return readRecord(this.controlFile).pid;
  }

  /** True when the current JVM is alive. */
  isRunning() {
    const record = readRecord(this.controlFile);
    return isBrokerJvm(record.pid, record.propsFile);
  }

  /** SIGKILL the JVM (a crash, for fault tests) and wait until it is gone. Keeps data and control file. */
  async kill() {
    const record = readRecord(this.controlFile);
    if (!isBrokerJvm(record.pid, record.propsFile)) return;
    signal(record.pid, 'SIGKILL');
    if (!(await waitForExit(record.pid, 10_000))) {
      throw new KafkaBrokerError(`Kafka broker pid ${record.pid} survived SIGKILL for 10 s`);
    }
  }

  /** Stops the current JVM (if running) and starts a new one on the same ports and data dir. */
  async restart(options = {}) {
    await this.#shutdown(options.stopTimeoutMs);
    const record = readRecord(this.controlFile);
    await run(this.controlFile, record, options.readyTimeoutMs || DEFAULT_READY_TIMEOUT_MS);
  }

  /**
   * SIGTERM (Kafka's controlled shutdown), SIGKILL after `timeoutMs`. Removes the control file,
   * and the data dir when this module created it (or when `removeData` says so).
   */
  async stop(options = {}) {
    const record = readRecord(this.controlFile);
    await this.#shutdown(options.timeoutMs);
    ownedRecords.delete(this.controlFile);
    discardRecord(record, this.controlFile, {
      removeData: options.removeData ?? record.ownsDataDir,
    });
  }

  /** The last `n` lines of the broker's log (all JVMs of this broker append to it). */
  logTail(n = 50) {
    return tailLines(this.logFile, n);
  }

  async #shutdown(timeoutMs = DEFAULT_STOP_TIMEOUT_MS) {
    const record = readRecord(this.controlFile);
    if (!isBrokerJvm(record.pid, record.propsFile)) return;
    signal(record.pid, 'SIGTERM');
    if (await waitForExit(record.pid, timeoutMs)) return;
    signal(record.pid, 'SIGKILL');
    if (!(await waitForExit(record.pid, 10_000))) {
      throw new KafkaBrokerError(`Kafka broker pid ${record.pid} survived SIGTERM and SIGKILL`);
    }
  }
}

/**
 * Starts a broker and resolves once it serves requests.
 * @param {object} [options] see broker.d.ts
 */
async function startBroker(options = {}) {
  validateOptions(options);
  const version = kafkaVersion(options.version);
  const readyTimeoutMs = options.readyTimeoutMs || DEFAULT_READY_TIMEOUT_MS;
  reapStaleBrokers();
  const java = findJava();
  const jarsDir = ensureKafkaJars({ version });

  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir
    ? path.resolve(options.dataDir)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-events-broker-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const propsFile = path.join(dataDir, 'server.properties');

  // Ports picked by the kernel can be taken by someone else before the JVM binds them; then
  // retry with new ones (only when the caller did not ask for specific ports).
  const attempts = options.port || options.controllerPort ? 1 : 3;
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    let controllerPort = options.controllerPort || (await freePort());
    while (controllerPort === port) controllerPort = await freePort();
    const record = {
      version,
      bootstrap: `127.0.0.1:${port}`,
      port,
      controllerPort,
      dataDir,
      ownsDataDir,
      logDirs: path.join(dataDir, 'kraft-logs'),
      propsFile,
      logFile: options.logFile ? path.resolve(options.logFile) : path.join(dataDir, 'broker.log'),
      jarsDir,
      java,
      jvmArgs: options.jvmArgs || [],
      autoCreateTopics: options.autoCreateTopics !== false,
      pid: null,
      owner: options.detached ? null : { pid: process.pid, startTime: startTimeOf(process.pid) },
      createdAt: new Date().toISOString(),
    };
    fs.writeFileSync(propsFile, serverProperties(record));
    formatStorage(record);

    fs.mkdirSync(REGISTRY_DIR, { recursive: true });
    const controlFile = path.join(REGISTRY_DIR, `${path.basename(dataDir)}-${port}.json`);
    writeRecord(controlFile, record);
    if (record.owner) {
      installExitHooks();
      ownedRecords.add(controlFile);
    }
    try {
      await run(controlFile, record, readyTimeoutMs);
      return new Broker(controlFile);
    } catch (err) {
      ownedRecords.delete(controlFile);
      fs.rmSync(controlFile, { force: true });
      if (attempt < attempts && /Address already in use/.test(err.launchLog || '')) {
        fs.rmSync(record.logDirs, { recursive: true, force: true });
        continue;
      }
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }
}

function validateOptions(options) {
  if (options === null || typeof options !== 'object')
    throw new KafkaBrokerError('startBroker options must be an object');
  const known = [
    'dataDir',
    'port',
    'controllerPort',
    'logFile',
    'version',
    'readyTimeoutMs',
    'detached',
    'jvmArgs',
    'autoCreateTopics',
  ];
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      throw new KafkaBrokerError(
        `unknown startBroker option "${key}" (known: ${known.join(', ')})`,
      );
  }
  for (const key of ['port', 'controllerPort']) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0 && v < 65536)) {
      throw new KafkaBrokerError(
        `startBroker option ${key} must be a TCP port (1-65535), got ${JSON.stringify(v)}`,
      );
    }
  }
  if (options.port && options.port === options.controllerPort) {
    throw new KafkaBrokerError(
      `startBroker options port and controllerPort must differ (both ${options.port})`,
    );
  }
  for (const key of ['dataDir', 'logFile', 'version']) {
    if (options[key] !== undefined && (typeof options[key] !== 'string' || options[key] === '')) {
      throw new KafkaBrokerError(`startBroker option ${key} must be a non-empty string`);
    }
  }
  for (const key of ['detached', 'autoCreateTopics']) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new KafkaBrokerError(
        `startBroker option ${key} must be true or false, got ${JSON.stringify(options[key])}`,
      );
    }
  }
  if (
    options.jvmArgs !== undefined &&
    !(Array.isArray(options.jvmArgs) && options.jvmArgs.every((a) => typeof a === 'string'))
  ) {
    throw new KafkaBrokerError('startBroker option jvmArgs must be an array of strings');
  }
}

/** A handle on an existing broker from its control file. */
function attachBroker(controlFile) {
  return new Broker(path.resolve(controlFile));
}

/**
 * The broker started by tools/kafka/jest-global-setup.cjs, from inside a jest worker: its
 * control file is named by KAFKA_BROKER_CONTROL. For fault tests: kill(), restart().
 */
function controlFromEnv(env = process.env) {
  const file = env.KAFKA_BROKER_CONTROL;
  if (!file) {
    throw new KafkaBrokerError(
      'KAFKA_BROKER_CONTROL is not set: broker control needs the broker started by ' +
        'tools/kafka/jest-global-setup.cjs (it is not set when KAFKA_BROKERS names an external cluster)',
    );
  }
  return attachBroker(file);
}

module.exports = {
  KafkaBrokerError,
  Broker,
  ensureKafkaJars,
  startBroker,
  attachBroker,
  controlFromEnv,
  reapStaleBrokers,
  defaultKafkaVersion,
  findJava,
  findMaven,
  CACHE_DIR,
};
