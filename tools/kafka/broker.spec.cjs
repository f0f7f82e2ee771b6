'use strict';
/**
 * The local broker module itself: start, round trip, SIGKILL, restart on the same port and
 * data, stop, clean-up after a crashed owner, and the errors it gives.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const brokerModule = require('./broker.cjs');
const { kafkaClient, consumeUntil, uniqueName, waitFor } = require('./test-helpers.cjs');
const { createTopicsWithLeaders } = require('./topics.cjs');

const {
  startBroker,
  controlFromEnv,
  reapStaleBrokers,
  findJava,
  findMaven,
  ensureKafkaJars,
  attachBroker,
} = brokerModule;

function alive(pid) {
  const r = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return r.status === 0 && !r.stdout.trim().startsWith('Z');
}

/** A client that fails fast: for asserting that a dead broker is dead. */
function impatientClient(brokers) {
  return new Kafka({
    clientId: 'tools-kafka-impatient',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
}

async function produce(brokers, topic, values) {
  const producer = kafkaClient('produce', { brokers }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

async function readAll(brokers, topic, count) {
  const consumer = kafkaClient('read', { brokers }).consumer({
    groupId: uniqueName('read'),
    maxWaitTimeInMs: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages = await consumeUntil(consumer, (all) => all.length >= count, { settleMs: 300 });
  await consumer.disconnect();
  return messages.map((m) => m.value);
}

describe('startBroker / Broker', () => {
  let broker;

  afterAll(async () => {
    if (broker) await broker.stop().catch(() => {});
  });

  test('starts a KRaft broker on 127.0.0.1 that serves admin, produce and consume', async () => {
    broker = await startBroker();
    expect(broker.brokers).toEqual([broker.bootstrap]);
    expect(broker.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(alive(broker.pid)).toBe(true);
    expect(broker.isRunning()).toBe(true);
    const props = fs.readFileSync(path.join(broker.dataDir, 'server.properties'), 'utf8');
    expect(props).toContain(
      `listeners=PLAINTEXT://${broker.bootstrap},CONTROLLER://127.0.0.1:${broker.controllerPort}`,
    );
    expect(broker.logTail(500)).toContain('Kafka Server started');

    const admin = kafkaClient('start', { brokers: broker.brokers }).admin();
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic: 'lifecycle', numPartitions: 2 }]);
    await admin.disconnect();
    await produce(broker.brokers, 'lifecycle', ['before-kill']);
    expect(await readAll(broker.brokers, 'lifecycle', 1)).toEqual(['before-kill']);
  });

  test('kill() SIGKILLs the JVM: clients fail', async () => {
    const pid = broker.pid;
    await broker.kill();
    expect(alive(pid)).toBe(false);
    expect(broker.isRunning()).toBe(false);
    const producer = impatientClient(broker.brokers).producer();
    await expect(producer.connect()).rejects.toThrow(/ECONNREFUSED|Connection error/);
  });

  test('restart() brings it back on the same port with its data', async () => {
    const oldPid = broker.pid;
    const port = broker.port;
    await broker.restart();
    expect(broker.pid).not.toBe(oldPid);
    expect(broker.port).toBe(port);
    expect(broker.bootstrap).toBe(`127.0.0.1:${port}`);
    // The record produced before the kill survived, and the broker takes new ones.
    await produce(broker.brokers, 'lifecycle', ['after-restart']);
    expect((await readAll(broker.brokers, 'lifecycle', 2)).sort()).toEqual([
      'after-restart',
      'before-kill',
    ]);
    // restart() of a running broker is a graceful stop + start.
    const runningPid = broker.pid;
    await broker.restart();
    expect(alive(runningPid)).toBe(false);
    expect(await readAll(broker.brokers, 'lifecycle', 2)).toHaveLength(2);
  });

  test('stop() ends the JVM and removes the data dir it created and the control file', async () => {
    const { pid, dataDir, controlFile } = broker;
    await broker.stop();
    broker = undefined;
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(fs.existsSync(controlFile)).toBe(false);
    expect(() => attachBroker(controlFile)).toThrow(
      /does not exist: the broker was stopped or never started/,
    );
  });

  test('a caller-given dataDir, port and logFile are used and the data dir is kept', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tools-kafka-spec-'));
    const logFile = path.join(dataDir, 'custom.log');
    const port = await freePort();
    const own = await startBroker({ dataDir, port, logFile });
    try {
      expect(own.bootstrap).toBe(`127.0.0.1:${port}`);
      expect(fs.readFileSync(logFile, 'utf8')).toContain('Kafka Server started');
    } finally {
      await own.stop();
    }
    expect(fs.existsSync(path.join(dataDir, 'kraft-logs', 'meta.properties'))).toBe(true);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a JVM that cannot bind fails fast with the log tail in the error, and cleans up', async () => {
    const blocker = net.createServer();
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', () => resolve(undefined)));
    const { port } = /** @type {import('node:net').AddressInfo} */ (blocker.address());
    const before = new Set(
      fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('kafka-events-broker-')),
    );
    try {
      await expect(startBroker({ port })).rejects.toThrow(
        /exited before it was ready[\s\S]*First errors:[\s\S]*Address already in use[\s\S]*Log /,
      );
    } finally {
      blocker.close();
    }
    const after = fs
      .readdirSync(os.tmpdir())
      .filter((f) => f.startsWith('kafka-events-broker-') && !before.has(f));
    expect(after).toEqual([]);
  });

  test('bad options are rejected with a message naming the option', async () => {
    await expect(startBroker({ port: 70000 })).rejects.toThrow(
      'startBroker option port must be a TCP port (1-65535), got 70000',
    );
    await expect(startBroker({ prot: 1 })).rejects.toThrow('unknown startBroker option "prot"');
    await expect(startBroker({ port: 5000, controllerPort: 5000 })).rejects.toThrow(
      'port and controllerPort must differ',
    );
    await expect(startBroker({ version: '../etc' })).rejects.toThrow(
      'invalid Kafka version "../etc"',
    );
    await expect(startBroker({ autoCreateTopics: 'no' })).rejects.toThrow(
      'startBroker option autoCreateTopics must be true or false, got "no"',
    );
  });
});

describe('controlFromEnv (the broker of jest-global-setup)', () => {
  const haveControl = Boolean(process.env.KAFKA_BROKER_CONTROL);
  const maybe = haveControl ? test : test.skip;

  test('is unavailable, with a reason, without KAFKA_BROKER_CONTROL', () => {
    expect(() => controlFromEnv({})).toThrow(/KAFKA_BROKER_CONTROL is not set/);
  });

  maybe(
    'kill() and restart() from a jest worker keep KAFKA_BROKERS valid and the data',
    async () => {
      const control = controlFromEnv();
      expect(control.brokers).toEqual(process.env.KAFKA_BROKERS.split(','));
      const topic = uniqueName('control');
      await produce(control.brokers, topic, ['kept']);

      const firstPid = control.pid;
      await control.kill();
      expect(alive(firstPid)).toBe(false);
      await expect(impatientClient(control.brokers).admin().connect()).rejects.toThrow();

      await control.restart();
      expect(control.pid).not.toBe(firstPid);
      // Another handle (e.g. the teardown's) sees the new JVM through the control file.
      expect(controlFromEnv().pid).toBe(control.pid);
      expect(await readAll(control.brokers, topic, 1)).toEqual(['kept']);
    },
  );
});

describe('clean-up when the owning process dies', () => {
  const script = (body) => `
    process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
    const { startBroker } = require(${JSON.stringify(require.resolve('./broker.cjs'))});
    startBroker().then((b) => { process.stdout.write(JSON.stringify({ pid: b.pid, dataDir: b.dataDir, controlFile: b.controlFile }) + '\\n'); ${body} })
      .catch((e) => { console.error(e); process.exit(1); });`;

  function runOwner(body) {
    const child = spawn(process.execPath, ['-e', script(body)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const info = new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out));
      });
      child.on('exit', (code) =>
        reject(new Error(`owner exited (${code}) before the broker was ready`)),
      );
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    return { child, info, exited };
  }

  test('an owner that exits without stop() takes its JVM with it', async () => {
    const owner = runOwner('process.exit(0);');
    const { pid, dataDir, controlFile } = await owner.info;
    await owner.exited;
    await waitFor(() => !alive(pid), `JVM ${pid} to die with its owner`, 10_000);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(fs.existsSync(controlFile)).toBe(false);
  });

  test('the JVM of a SIGKILLed owner is reaped by the next start (reapStaleBrokers)', async () => {
    const owner = runOwner('setInterval(() => {}, 1000);');
    const { pid, dataDir, controlFile } = await owner.info;
    owner.child.kill('SIGKILL');
    await owner.exited;
    expect(alive(pid)).toBe(true); // no exit hook runs on SIGKILL: the JVM is orphaned
    const logged = [];
    const cleaned = reapStaleBrokers({ log: (m) => void logged.push(m) });
    expect(cleaned.map((r) => r.pid)).toContain(pid);
    expect(logged.join('\n')).toContain(`killed stale Kafka broker pid ${pid}`);
    await waitFor(() => !alive(pid), `stale JVM ${pid} to die`, 10_000);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(fs.existsSync(controlFile)).toBe(false);
  });
});

describe('toolchain errors say what to install', () => {
  test('Java missing', () => {
    expect(() => findJava({ ...process.env, JAVA_HOME: '/nonexistent-jdk' })).toThrow(
      /`\/nonexistent-jdk\/bin\/java -version` failed.*apt-get install openjdk-17-jre-headless.*or set JAVA_HOME/,
    );
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, PATH: '/nonexistent-bin' };
    delete env.JAVA_HOME;
    expect(() => findJava(env)).toThrow(
      /`java -version` failed \(spawnSync java ENOENT\).*apt-get install openjdk-17-jre-headless/,
    );
  });

  test('Maven missing', () => {
    expect(() => findMaven({ ...process.env, PATH: '/nonexistent-bin' })).toThrow(
      /`mvn -v` failed \(spawnSync mvn ENOENT\).*apt-get install maven/,
    );
  });

  test('a version Maven cannot resolve fails with the command and its output, leaving no partial cache', () => {
    const version = '0.0.1-does-not-exist';
    expect(() => ensureKafkaJars({ version })).toThrow(
      /Downloading Kafka 0\.0\.1-does-not-exist jars failed twice\.\nCommand: mvn .*dependency:copy-dependencies[\s\S]*Output[\s\S]*kafka_2\.13:jar:0\.0\.1-does-not-exist/,
    );
    const leftovers = fs.readdirSync(brokerModule.CACHE_DIR).filter((f) => f.includes(version));
    expect(leftovers).toEqual([]);
  });
});

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}
