#!/usr/bin/env node
'use strict';
/**
 * Evidence for docs/kafka-compat.md: runs kafkajs-compat.spec.cjs against a broker that logs
 * every request (kafka.request.logger at DEBUG), then prints which API versions kafkajs used and
 * the range the broker supports for each. Usage: [KAFKA_VERSION=3.9.1] node tools/kafka/api-versions.cjs
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startBroker } = require('./broker.cjs');

/** {"API (key N) vV": count} for requests from the test clients, and the broker's ApiVersions ranges. */
function apiVersionsUsed(logText) {
  const used = new Map();
  let ranges = [];
  for (const line of logText.split('\n')) {
    const at = line.indexOf('Completed request:');
    if (at < 0) continue;
    let entry;
    try {
      entry = JSON.parse(line.slice(at + 'Completed request:'.length));
    } catch {
      continue; // a line cut by the JVM's exit
    }
    const h = entry.requestHeader;
    if (!h.clientId.startsWith('tools-kafka')) continue; // the broker's own inter-node requests
    const key = `${h.requestApiKeyName} (key ${h.requestApiKey}) v${h.requestApiVersion}`;
    used.set(key, (used.get(key) || 0) + 1);
    if (h.requestApiKey === 18 && ranges.length === 0) ranges = entry.response.apiKeys;
  }
  return { used, ranges };
}

async function main() {
  const broker = await startBroker({
    jvmArgs: ['-Dorg.slf4j.simpleLogger.log.kafka.request.logger=debug'],
  });
  try {
    const root = path.resolve(__dirname, '../..');
    const jest = spawnSync(
      process.execPath,
      [
        require.resolve('jest/bin/jest', { paths: [root] }),
        '-c',
        'tools/kafka/jest.config.cjs',
        'kafkajs-compat',
      ],
      {
        cwd: root,
        env: { ...process.env, KAFKA_BROKERS: broker.bootstrap },
        encoding: 'utf8',
      },
    );
    process.stdout.write(`Kafka ${broker.version}, kafkajs-compat.spec.cjs exit ${jest.status}\n`);
    process.stdout.write(
      `${`${jest.stdout}${jest.stderr}`
        .split('\n')
        .filter((l) => /Tests:|✓|✕/.test(l))
        .join('\n')}\n\n`,
    );
    const { used, ranges } = apiVersionsUsed(fs.readFileSync(broker.logFile, 'utf8'));
    const rangeOf = new Map(ranges.map((r) => [r.apiKey, `${r.minVersion}-${r.maxVersion}`]));
    process.stdout.write(
      '| API (key) version used by kafkajs | requests | broker supports |\n| --- | --- | --- |\n',
    );
    for (const [k, n] of [...used].sort()) {
      process.stdout.write(
        `| ${k} | ${n} | ${rangeOf.get(Number(/key (\d+)/.exec(k)[1])) ?? '?'} |\n`,
      );
    }
    const unsupported = (
      fs.readFileSync(broker.logFile, 'utf8').match(/UNSUPPORTED_VERSION|UnsupportedVersion/g) || []
    ).length;
    process.stdout.write(`\nUNSUPPORTED_VERSION mentions in the broker log: ${unsupported}\n`);
    process.exitCode = jest.status === 0 && unsupported === 0 ? 0 : 1;
  } finally {
    await broker.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
