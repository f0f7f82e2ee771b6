// What happens in the Dapr leg: Ada plans her week through task-service's API, one client skips
// the typed library and publishes a broken event, and the outcomes the demo then expects.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ada = randomUUID();
const at = (day, hour) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

/** Every delivery outcome the story leads to: {app, type, status, count}. */
export const EXPECTED = [
  // the two tasks, then the next occurrence of the weekly one (published by recurring-service)
  { app: 'recurring-service', type: 'task.created.v1', status: 'SUCCESS', count: 3 },
  { app: 'recurring-service', type: 'task.completed.v1', status: 'SUCCESS', count: 2 },
  // the simulated outage (DEMO_SIMULATE_OUTAGE=1): one RETRY, then the redelivery succeeds
  { app: 'recurring-service', type: 'task.completed.v1', status: 'RETRY', count: 1 },
  // the broken event: DROP, so daprd moves it to task-events.dlq
  { app: 'recurring-service', type: 'task.created.v1', status: 'DROP', count: 1 },
  { app: 'task-service', type: 'recurring.triggered.v1', status: 'SUCCESS', count: 1 },
  { app: 'task-service', type: 'recurring.spawned.v1', status: 'SUCCESS', count: 1 },
  { app: 'task-service', type: 'notification.delivered.v1', status: 'SUCCESS', count: 1 },
];

/** The environment of each app for this story. */
export const APP_ENV = { 'recurring-service': { DEMO_SIMULATE_OUTAGE: '1' } };

async function post(url, body) {
  const reply = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { status: reply.status, body: await reply.json().catch(() => ({})) };
}

async function api(taskService, path, body) {
  const reply = await post(`${taskService.url}${path}`, body);
  if (reply.status >= 300)
    throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/**
 * A task.created.v1 that breaks its schema (empty title, unknown priority), posted as a CloudEvent
 * straight to task-service's sidecar: what a client that skips the generated library could do.
 */
async function publishBrokenEvent(ws, scope, taskService, log) {
  const fromWorkspace = createRequire(join(ws.root, 'package.json'));
  const { toCloudEvent } = fromWorkspace('@kafka-events/runtime');
  const tasks = await import(pathToFileURL(fromWorkspace.resolve(`${scope}/tasks-events`)).href);
  const taskId = randomUUID();
  const valid = tasks.createTaskEvent(
    'task.created.v1',
    { task_id: taskId, user_id: ada, title: 'Plan the team offsite' },
    { userId: ada },
  );
  const cloudEvent = toCloudEvent(tasks.tasksDomain, valid);
  const data = { ...cloudEvent.data, payload: { ...valid.payload, title: '', priority: 'urgent' } };
  const path = `/v1.0/publish/kafka-pubsub/${tasks.tasksDomain.topic}?metadata.partitionKey=${taskId}`;
  log(
    `a buggy client -> task.created.v1 (task ${taskId.slice(0, 8)}…) with title "" and priority "urgent", ` +
      `posted straight to task-service's sidecar`,
  );
  const reply = await fetch(`${taskService.daprd.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify({ ...cloudEvent, data }),
  });
  if (!reply.ok)
    throw new Error(`daprd refused the broken event: ${reply.status} ${await reply.text()}`);
}

/** Drives the story; the apps print what they publish and receive. */
export async function sendStory({ ws, scope, taskService, log }) {
  const report = await api(taskService, '/tasks', {
    user_id: ada,
    title: 'Write the quarterly report',
    priority: 'high',
    tags: ['reports', 'finance'],
    due_date: at(28, 17),
  });
  const standup = await api(taskService, '/tasks', {
    user_id: ada,
    title: 'Prepare the weekly stand-up notes',
    tags: ['team'],
    due_date: at(30, 9),
    recurrence: { frequency: 'weekly', interval: 1 },
  });
  const refused = await post(`${taskService.url}/tasks`, { user_id: ada, title: '' });
  const why = String(refused.body.message ?? '')
    .split('\n')[0]
    .slice(0, 100);
  log(`POST /tasks with an empty title -> ${refused.status} (${why}); nothing published`);
  if (refused.status !== 400)
    throw new Error(`task-service answered ${refused.status} to an invalid task, not 400`);
  await api(taskService, `/tasks/${report.task_id}/complete`);
  await api(taskService, `/tasks/${standup.task_id}/complete`);
  await publishBrokenEvent(ws, scope, taskService, log);
}
