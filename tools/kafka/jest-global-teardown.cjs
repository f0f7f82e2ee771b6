'use strict';
/** Jest globalTeardown: stops the broker that jest-global-setup.cjs started (if it started one). */
module.exports = async function kafkaGlobalTeardown() {
  const broker = globalThis.__KAFKA_EVENTS_BROKER__;
  if (!broker) return;
  delete globalThis.__KAFKA_EVENTS_BROKER__;
  // The Broker handle re-reads its control file, so this stops the JVM a test restarted, too.
  await broker.stop();
  delete process.env.KAFKA_BROKERS;
  delete process.env.KAFKA_BROKER_CONTROL;
};
