/**
 * A test domain mirroring the seed `tasks` contract, shared by the runtime's specs (kafka and dapr
 * specs may import it too). Excluded from the build by tsconfig.lib.json.
 */
import { z } from 'zod';
import { defineDomain } from '../define-domain';
import { defineEvent } from '../define-event';

export const Priority = z.enum(['low', 'medium', 'high']);

export const Recurrence = z.object({
  frequency: z.enum(['daily', 'weekly', 'monthly']),
  interval: z.number().int().min(1).default(1),
});

export const TaskCreatedV1Payload = z.object({
  task_id: z.uuid(),
  user_id: z.uuid(),
  title: z.string().min(1).max(200),
  description: z.string().nullish(),
  priority: Priority.default('medium'),
  tags: z.array(z.string()).default([]),
  due_date: z.iso.datetime().nullish(),
  recurrence: Recurrence.nullish(),
});

/** v2 adds an assignee: lives next to v1 in the same union. */
export const TaskCreatedV2Payload = TaskCreatedV1Payload.extend({
  assignee_id: z.uuid().nullable().default(null),
});

export const TaskCompletedV1Payload = z.object({
  task_id: z.uuid(),
  completed_at: z.iso.datetime(),
});

export const TaskCreatedV1 = defineEvent({
  type: 'task.created.v1',
  name: 'task.created',
  version: 1,
  key: 'task_id',
  payload: TaskCreatedV1Payload,
});

export const TaskCreatedV2 = defineEvent({
  type: 'task.created.v2',
  name: 'task.created',
  version: 2,
  key: 'task_id',
  payload: TaskCreatedV2Payload,
});

export const TaskCompletedV1 = defineEvent({
  type: 'task.completed.v1',
  name: 'task.completed',
  version: 1,
  key: 'task_id',
  payload: TaskCompletedV1Payload,
});

export const tasks = defineDomain({
  domain: 'tasks',
  entity: 'task',
  topic: 'task-events',
  source: '/tasks',
  metadata: true,
  events: [TaskCreatedV1, TaskCreatedV2, TaskCompletedV1],
});

/** A domain generated with --no-metadata and without versioned types. */
export const notes = defineDomain({
  domain: 'notes',
  entity: 'note',
  topic: 'note-events',
  source: '/notes',
  metadata: false,
  events: [
    defineEvent({
      type: 'note.added',
      name: 'note.added',
      version: 1,
      key: 'note_id',
      payload: z.object({ note_id: z.uuid(), text: z.string() }),
    }),
  ],
});

export const TASK_ID = '0b6f2b52-7c1a-4e0a-9a43-6f7d1c2e3a4b';
export const USER_ID = 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f';

export const createdPayload = { task_id: TASK_ID, user_id: USER_ID, title: 'Write the report' };

/** What a Python/Pydantic producer writes for task.created.v1 (absent optionals as null). */
export function pydanticCreatedJson(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    event_id: '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10',
    event_type: 'task.created.v1',
    schema_version: 1,
    timestamp: '2026-11-27T10:15:30.123Z',
    correlation_id: '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10',
    causation_id: null,
    user_id: USER_ID,
    payload: { ...createdPayload, priority: 'high', tags: ['work'] },
    ...overrides,
  };
}
