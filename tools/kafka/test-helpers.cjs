'use strict';
/** Shared helpers of the tools/kafka specs (not a spec itself). */
const crypto = require('node:crypto');
const { Kafka, logLevel } = require('kafkajs');

function brokersFromEnv() {
  const list = (process.env.KAFKA_BROKERS || '').split(',').filter(Boolean);
  if (list.length === 0)
    throw new Error('KAFKA_BROKERS is not set: run through tools/kafka/jest.config.cjs');
  return list;
}

/** A kafkajs client for the test cluster; quiet unless KAFKAJS_LOG is set (e.g. debug). */
function kafkaClient(name, overrides = {}) {
  const level = process.env.KAFKAJS_LOG
    ? logLevel[process.env.KAFKAJS_LOG.toUpperCase()]
    : logLevel.NOTHING;
  return new Kafka({
    clientId: `tools-kafka-${name}`,
    brokers: brokersFromEnv(),
    logLevel: level,
    ...overrides,
  });
}

function uniqueName(prefix) {
  return `${prefix}-${crypto.randomBytes(4).toString('hex')}`;
}

/** Polls `predicate` every 100 ms; `what` (a string, or a function for a late description) names it in the error. */
async function waitFor(predicate, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `consumer` (connected and subscribed) until `done(messages)` is true, then keeps
 * collecting for `settleMs` (to catch unexpected extras) and stops it unless `keepRunning`
 * (to commit or inspect the group while it is a member). Messages are
 * {topic, partition, offset, key, value, headers} with key/value as strings.
 */
async function consumeUntil(
  consumer,
  done,
  { timeoutMs = 30_000, settleMs = 0, autoCommit = true, keepRunning = false } = {},
) {
  const messages = [];
  await consumer.run({
    autoCommit,
    eachMessage: async ({ topic, partition, message }) => {
      messages.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key === null ? null : message.key.toString(),
        value: message.value === null ? null : message.value.toString(),
        headers: message.headers,
      });
    },
  });
  try {
    await waitFor(
      () => done(messages),
      () => `enough messages (got ${messages.length})`,
      timeoutMs,
    );
  } catch (err) {
    // A consumer left running keeps jest alive and retries against a stopped broker.
    await consumer.disconnect().catch(() => {});
    throw err;
  }
  if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
  if (!keepRunning) await consumer.stop();
  return messages;
}

module.exports = { brokersFromEnv, kafkaClient, uniqueName, waitFor, consumeUntil };
