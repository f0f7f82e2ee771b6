// The Dapr half of the demo: two apps of the demo workspace, each behind its own real Dapr
// sidecar (tools/dapr), exchange the seed events through Kafka. task-service publishes task
// events; recurring-service answers a completed recurring task with the next occurrence. Every
// delivery prints one line with its outcome (SUCCESS, RETRY, DROP); the run fails when an
// expected outcome, the redelivery or the dead-lettered record is missing.
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { APPS, createDaprApps, mainOf, manifestDirsOf, RETRY } from './demo/dapr-apps.mjs';
import { deliveryTally } from './demo/dapr-deliveries.mjs';
import { demoKafkaAdmin } from './demo/dapr-kafka.mjs';
import { startApp } from './demo/dapr-process.mjs';
import { APP_ENV, EXPECTED, sendStory } from './demo/dapr-story.mjs';

const require = createRequire(import.meta.url);
const { daprVersion, ensureDaprd } = require('../tools/dapr/daprd-build.cjs');

const DELIVERY_TIMEOUT_MS = 60_000;
// a redelivery or a duplicate arriving after the expected outcomes still shows in the summary
const SETTLE_MS = 1_500;
const log = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long after its RETRY the failed delivery succeeded, or undefined. */
function redelivery(tally) {
  const retry = tally.seen.find((d) => d.status === 'RETRY');
  const success =
    retry &&
    tally.seen.find(
      (d) =>
        d.status === 'SUCCESS' && d.key === retry.key && d.type === retry.type && d.at >= retry.at,
    );
  return success ? success.at - retry.at : undefined;
}

/** Prints the counts; returns what did not go as EXPECTED says. `dlq`: new records per .dlq topic. */
function summarize(tally, dlq) {
  const counts = { SUCCESS: 0, RETRY: 0, DROP: 0 };
  for (const d of tally.seen) counts[d.status] += 1;
  const after = redelivery(tally);
  const deadLettered = Object.values(dlq).reduce((a, b) => a + b, 0);
  const policy = `resiliency.yaml: ${RETRY.policy}, ${RETRY.duration} apart, up to ${RETRY.maxRetries} retries`;
  const handled =
    after === undefined
      ? 'never succeeded on redelivery'
      : `then SUCCESS on redelivery, ${(after / 1000).toFixed(1)} s after the RETRY`;
  const topics = Object.entries(dlq)
    .map(([topic, n]) => `${topic} +${n}`)
    .join(', ');
  log(
    `\nsummary: ${tally.seen.length} deliveries\n` +
      `  delivered (SUCCESS):    ${counts.SUCCESS}\n` +
      `  retried (RETRY):        ${counts.RETRY}, ${handled} (${policy})\n` +
      `  dead-lettered (DROP):   ${counts.DROP}; records that reached the dead-letter topics: ${deadLettered} (${topics})`,
  );
  const missing = tally.missing(EXPECTED).map((m) => `missing: ${m}`);
  const problems = [...missing, ...tally.unexpected(EXPECTED).map((u) => `unexpected: ${u}`)];
  if (after === undefined)
    problems.push('the delivery answered RETRY was not handled on redelivery');
  const dropped = EXPECTED.filter((e) => e.status === 'DROP').reduce((n, e) => n + e.count, 0);
  if (deadLettered !== dropped)
    problems.push(`${deadLettered} records reached the .dlq topics, expected ${dropped}`);
  return problems;
}

/** Starts each app behind its own daprd, in APPS order; their lines go to the log and `tally`. */
async function startApps(ws, brokers, tally, running) {
  for (const { name } of APPS) {
    log(`starting ${name} (node ${relative(ws.root, mainOf(ws, name))}) behind its own daprd`);
    const app = await startApp({
      appId: name,
      main: mainOf(ws, name),
      cwd: ws.root,
      manifestDirs: manifestDirsOf(ws, name),
      brokers,
      env: APP_ENV[name],
      onLine: (line) => {
        log(line);
        tally.add(line);
      },
    });
    running.push(app);
    log(`${name}: daprd ready at ${app.daprd.url}, app at ${app.url}`);
  }
}

export async function runDaprDemo(ws, { scope, brokers }) {
  log(
    `daprd ${daprVersion()} is built from Dapr's Go module on first use (about 10 minutes), then cached`,
  );
  log(`daprd: ${ensureDaprd()}`);
  createDaprApps(ws, { scope, log });

  const topicOf = (domain) => ws.readJson(`packages/${domain}-events/kafka-events.json`).topic;
  const topics = [...new Set(APPS.flatMap((app) => app.consumes).map(topicOf))];
  const kafka = await demoKafkaAdmin(ws, brokers);
  const dlqCounts = async () =>
    Object.fromEntries(
      await Promise.all(topics.map(async (t) => [`${t}.dlq`, await kafka.recordCount(`${t}.dlq`)])),
    );
  const tally = deliveryTally();
  const running = [];
  try {
    await kafka.ensureTopics(topics);
    for (const { name, consumes } of APPS) {
      for (const domain of consumes) await kafka.startGroupAtEnd(name, topicOf(domain));
    }
    const before = await dlqCounts();
    await startApps(ws, brokers, tally, running);

    log('\nthe story: two tasks, one of them weekly, both completed; one broken event');
    const taskService = running.find((app) => app.appId === 'task-service');
    await sendStory({ ws, scope, taskService, log });
    const crashed = running.map((app) => app.exited.then((why) => Promise.reject(new Error(why))));
    await Promise.race([tally.until(EXPECTED, DELIVERY_TIMEOUT_MS), ...crashed]);
    await sleep(SETTLE_MS);

    const after = await dlqCounts();
    const dlq = Object.fromEntries(
      Object.entries(after).map(([topic, n]) => [topic, n - before[topic]]),
    );
    const problems = summarize(tally, dlq);
    if (problems.length > 0)
      throw new Error(`the Dapr leg did not go as expected:\n  ${problems.join('\n  ')}`);
  } finally {
    for (const app of [...running].reverse()) await app.stop();
    await kafka.close();
    if (running.length > 0)
      log(`stopped ${running.map((app) => app.appId).join(', ')} and their sidecars`);
  }
}
