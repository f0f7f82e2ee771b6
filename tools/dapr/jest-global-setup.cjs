'use strict';
/**
 * Jest globalSetup of the specs that run the real daprd: the Kafka broker of tools/kafka (see
 * its global setup) and the daprd binary, built on first use. DAPRD_PATH is exported so workers
 * skip the build check.
 */
const kafkaGlobalSetup = require('../kafka/jest-global-setup.cjs');
const { ensureDaprd } = require('./daprd-build.cjs');

module.exports = async function daprGlobalSetup() {
  const started = Date.now();
  process.env.DAPRD_PATH = ensureDaprd();
  process.stderr.write(
    `kafka-events: daprd at ${process.env.DAPRD_PATH} (${Date.now() - started} ms)\n`,
  );
  await kafkaGlobalSetup();
};
