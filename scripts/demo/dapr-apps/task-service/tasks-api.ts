/**
 * The task API of task-service; each change is published as a task event through the app's
 * Dapr sidecar.
 *   POST /tasks                 {user_id, title, priority?, tags?, due_date?, recurrence?} -> 201 {task_id}
 *   POST /tasks/<id>/complete   -> 200 {task_id}
 * An invalid task is answered 400 and nothing is published.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KafkaEventsError } from '@kafka-events/runtime';
import {
  createTaskEvent,
  createTasksDaprPublisher,
  type TaskCreatedV1Payload,
  type TaskEventOf,
} from '@acme/tasks-events';
import { shortId } from './deliveries';

const publisher = createTasksDaprPublisher();
/** Open tasks by id (in memory here; a real service keeps a table). */
const open = new Map<string, TaskEventOf<'task.created.v1'>>();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
}

async function createTask(body: Record<string, unknown>) {
  const payload = { ...body, task_id: randomUUID() } as TaskCreatedV1Payload;
  const created = createTaskEvent('task.created.v1', payload, { userId: payload.user_id });
  await publisher.publish(created);
  open.set(created.payload.task_id, created);
  const { title, recurrence } = created.payload;
  const repeats = recurrence ? `repeats ${recurrence.frequency}` : 'one-off';
  console.log(
    `task-service -> task.created.v1 (task ${shortId(payload.task_id)}) "${title}", ${repeats}`,
  );
  return { task_id: created.payload.task_id };
}

async function completeTask(taskId: string) {
  const created = open.get(taskId);
  if (!created) throw new HttpError(404, `no open task ${taskId}`);
  const { user_id, title, due_date, recurrence } = created.payload;
  const completed = createTaskEvent(
    'task.completed.v1',
    {
      task_id: taskId,
      user_id,
      completed_at: new Date().toISOString(),
      title,
      due_date,
      recurrence,
    },
    { causedBy: created, userId: user_id },
  );
  await publisher.publish(completed);
  open.delete(taskId);
  console.log(`task-service -> task.completed.v1 (task ${shortId(taskId)}) "${title}"`);
  return { task_id: taskId };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function tasksApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const complete = /^\/tasks\/([^/]+)\/complete$/.exec(path);
    if (req.method === 'POST' && path === '/tasks') {
      reply(res, 201, await createTask(await readJson(req)));
    } else if (req.method === 'POST' && complete) {
      reply(res, 200, await completeTask(decodeURIComponent(complete[1])));
    } else {
      throw new HttpError(404, `no route ${req.method} ${path}`);
    }
  } catch (error) {
    // an invalid task fails validation in createTaskEvent: nothing was published
    const status =
      error instanceof HttpError ? error.status : error instanceof KafkaEventsError ? 400 : 500;
    reply(res, status, { message: error instanceof Error ? error.message : String(error) });
  }
}
