'use strict';
/**
 * Jest globalSetup: gives every test a Kafka cluster in KAFKA_BROKERS (comma-separated).
 * - KAFKA_BROKERS already set: use that cluster; start nothing (broker control unavailable).
 * - otherwise: start a local broker (tools/kafka/broker.cjs) and export KAFKA_BROKERS and
 *   KAFKA_BROKER_CONTROL, the broker's control file, so tests can kill/restart it through
 *   `controlFromEnv()`. Jest workers inherit process.env as set here.
 * Use with jest-global-teardown.cjs, which stops whichever JVM is current by then.
 */
const { startBroker } = require('./broker.cjs');

module.exports = async function kafkaGlobalSetup() {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  if (process.env.KAFKA_BROKERS) return;
  const started = Date.now();
  const broker = await startBroker();
  globalThis.__KAFKA_EVENTS_BROKER__ = broker;
  process.env.KAFKA_BROKERS = broker.bootstrap;
  process.env.KAFKA_BROKER_CONTROL = broker.controlFile;
  process.stderr.write(
    `\nkafka-events: Kafka ${broker.version} broker at ${broker.bootstrap} ready in ${Date.now() - started} ms\n`,
  );
};
