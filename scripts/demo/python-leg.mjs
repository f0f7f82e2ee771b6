// The Python half of the demo: notification-service, a Python project of the demo workspace (a
// plain project.json, FastAPI served by uvicorn), gets the Pydantic modules of the seed domains
// from `nx g kafka-events:python` and its Dapr manifests from `nx g kafka-events:dapr`, then runs
// behind its own real daprd next to task-service (TypeScript, built by the Dapr leg): every task
// task-service publishes is notified by notification-service, which publishes
// notification.delivered.v1 back, and task-service prints each one it receives. One line per
// delivery with its outcome; the run fails when an exchange is missing or an outcome is not
// SUCCESS.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestDirsOf, mainOf, RETRY } from './dapr-apps.mjs';
import { deliveryTally } from './dapr-deliveries.mjs';
import { demoKafkaAdmin } from './dapr-kafka.mjs';
import { startApp } from './dapr-process.mjs';

const require = createRequire(import.meta.url);
const { ensurePythonEnv } = require('../../tools/python/venv.cjs');

const here = dirname(fileURLToPath(import.meta.url));
const SOURCES = join(here, 'python-apps', 'notification-service');
const LAUNCHER = join(here, 'python-apps', 'asgi-launcher.cjs');
const APP = 'notification-service';
const ROOT = `apps/${APP}`;
const DOMAINS = ['tasks', 'reminders', 'recurring', 'notifications'];
const DELIVERY_TIMEOUT_MS = 60_000;
const SETTLE_MS = 1_500;
const log = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ada's tasks: each new task and each completion is notified once, and comes back as a delivery. */
const TASKS = [
  { title: 'Book the venue for the offsite', priority: 'high', complete: true },
  { title: 'Send the offsite agenda', tags: ['team'], complete: false },
];
const notified = TASKS.length + TASKS.filter((t) => t.complete).length;
const EXPECTED = [
  { app: APP, type: 'task.created.v1', status: 'SUCCESS', count: TASKS.length },
  { app: APP, type: 'task.completed.v1', status: 'SUCCESS', count: notified - TASKS.length },
  { app: 'task-service', type: 'notification.delivered.v1', status: 'SUCCESS', count: notified },
];

const printCreated = (output) =>
  output
    .split('\n')
    .filter((line) => /^(CREATE|UPDATE|DELETE) /.test(line))
    .forEach((line) => log(`  ${line}`));

/** The Python project, its generated modules (tested with their pytest files) and manifests. */
function createPythonService(ws, python) {
  log(`${ROOT}: project.json (a plain Nx project), requirements.txt and main.py (FastAPI)`);
  mkdirSync(join(ws.root, ROOT), { recursive: true });
  ws.write(
    `${ROOT}/project.json`,
    `${JSON.stringify(
      {
        name: APP,
        $schema: '../../node_modules/nx/schemas/project-schema.json',
        projectType: 'application',
        sourceRoot: ROOT,
        tags: ['lang:python'],
        targets: {},
      },
      null,
      2,
    )}\n`,
  );
  for (const file of readdirSync(SOURCES))
    copyFileSync(join(SOURCES, file), join(ws.root, ROOT, file));

  for (const domain of DOMAINS) {
    log(`nx g kafka-events:python ${domain} --project=${APP}`);
    printCreated(
      ws.nx(['g', 'kafka-events:python', domain, `--project=${APP}`, '--no-interactive']).stdout,
    );
  }
  const graph = ws.readJson(`${ROOT}/project.json`).implicitDependencies ?? [];
  log(
    `${APP} depends on ${graph.join(', ')} in the project graph (nx affected follows the contract)`,
  );
  const pytest = ws.run(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ROOT], {
    env: { PYTHONDONTWRITEBYTECODE: '1' },
  });
  log(
    `pytest ${ROOT} (the generated test files, real Pydantic): ${pytest.stdout.trim().split('\n').pop()}`,
  );

  const dapr = [
    'g',
    'kafka-events:dapr',
    `--project=${APP}`,
    '--domains=tasks',
    `--retryPolicy=${RETRY.policy}`,
    `--retryDuration=${RETRY.duration}`,
    `--retryMaxRetries=${RETRY.maxRetries}`,
  ];
  log(`nx ${dapr.join(' ')}`);
  printCreated(ws.nx([...dapr, '--no-interactive']).stdout);
  // The generator's TypeScript routes module has no use in a Python service: main.py serves the
  // Subscription's routes with handle_task_delivery.
  rmSync(join(ws.root, ROOT, 'dapr', 'tasks.routes.ts'), { force: true });
  log(`  (removed ${ROOT}/dapr/tasks.routes.ts: main.py serves those routes in Python)`);
}

async function post(url, body) {
  const reply = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const json = await reply.json().catch(() => ({}));
  if (!reply.ok) throw new Error(`POST ${url}: ${reply.status} ${JSON.stringify(json)}`);
  return json;
}

/** Ada creates the tasks through task-service's API and completes some of them. */
async function sendStory(taskService, userId) {
  const created = [];
  for (const { complete, ...task } of TASKS) {
    created.push({
      complete,
      ...(await post(`${taskService.url}/tasks`, { user_id: userId, ...task })),
    });
  }
  for (const task of created.filter((t) => t.complete)) {
    await post(`${taskService.url}/tasks/${task.task_id}/complete`);
  }
}

function summarize(tally) {
  const count = (app, status) =>
    tally.seen.filter((d) => d.app === app && d.status === status).length;
  const tasks = count(APP, 'SUCCESS');
  const back = count('task-service', 'SUCCESS');
  log(
    `\nsummary: ${tally.seen.length} deliveries\n` +
      `  task-service (TypeScript) -> ${APP} (Python): ${tasks} task events, SUCCESS\n` +
      `  ${APP} (Python) -> task-service (TypeScript): ${back} notification.delivered.v1, SUCCESS`,
  );
  return [
    ...tally.missing(EXPECTED).map((m) => `missing: ${m}`),
    ...tally.unexpected(EXPECTED).map((u) => `unexpected: ${u}`),
  ];
}

export async function runPythonDemo(ws, { brokers }) {
  const python = ensurePythonEnv({ log });
  log(
    `python: ${relative(process.cwd(), python)} (tools/python/venv.cjs: pinned Pydantic, FastAPI, uvicorn, httpx)`,
  );
  createPythonService(ws, python);

  const topicOf = (domain) => ws.readJson(`packages/${domain}-events/kafka-events.json`).topic;
  const consumed = { [APP]: ['tasks'], 'task-service': ['recurring', 'notifications'] };
  const kafka = await demoKafkaAdmin(ws, brokers);
  const tally = deliveryTally();
  const running = [];
  const start = async (appId, main, env = {}) => {
    const app = await startApp({
      appId,
      main,
      cwd: ws.root,
      manifestDirs: manifestDirsOf(ws, appId),
      brokers,
      env,
      onLine: (line) => {
        log(line);
        tally.add(line);
      },
    });
    running.push(app);
    log(`${appId}: daprd ready at ${app.daprd.url}, app at ${app.url}`);
    return app;
  };
  try {
    await kafka.ensureTopics([...new Set(Object.values(consumed).flat().map(topicOf))]);
    for (const [app, domains] of Object.entries(consumed)) {
      for (const domain of domains) await kafka.startGroupAtEnd(app, topicOf(domain));
    }
    log(`starting ${APP} (uvicorn main:app, Python) behind its own daprd`);
    await start(APP, LAUNCHER, {
      DEMO_PYTHON: python,
      DEMO_ASGI_APP: 'main:app',
      DEMO_APP_DIR: join(ws.root, ROOT),
    });
    log(
      `starting task-service (node ${relative(ws.root, mainOf(ws, 'task-service'))}) behind its own daprd`,
    );
    const taskService = await start('task-service', mainOf(ws, 'task-service'));

    log(
      `\nthe story: Ada plans the offsite with task-service; ${APP} notifies her of every change`,
    );
    await sendStory(taskService, randomUUID());
    const crashed = running.map((app) => app.exited.then((why) => Promise.reject(new Error(why))));
    await Promise.race([tally.until(EXPECTED, DELIVERY_TIMEOUT_MS), ...crashed]);
    await sleep(SETTLE_MS);
    const problems = summarize(tally);
    if (problems.length > 0)
      throw new Error(`the Python leg did not go as expected:\n  ${problems.join('\n  ')}`);
  } finally {
    for (const app of [...running].reverse()) await app.stop();
    await kafka.close();
    if (running.length > 0)
      log(`stopped ${running.map((app) => app.appId).join(', ')} and their sidecars`);
  }
}
