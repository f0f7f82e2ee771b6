import { createDaprHandler, domainNamespace, newEventId } from '@kafka-events/runtime';
import {
  createNotificationEvent,
  createNotificationsDaprPublisher,
} from '@acme/notifications-events';
import { createRecurringEvent, createRecurringDaprPublisher } from '@acme/recurring-events';
import {
  createTaskEvent,
  createTasksDaprPublisher,
  tasksDomain,
  type TaskEventOf,
} from '@acme/tasks-events';
import { deliveryOptions, note, shortId } from '../deliveries';
import { nextDueDate } from '../next-due-date';

// Each publisher goes through this app's own sidecar (DAPR_HTTP_PORT).
const taskEvents = createTasksDaprPublisher();
const recurringEvents = createRecurringDaprPublisher();
const notificationEvents = createNotificationsDaprPublisher();

/** The series of each recurring task seen (in memory here; a real service keeps a table). */
const series = new Map<string, { seriesId: string; occurrence: number }>();

// DEMO_SIMULATE_OUTAGE=1: the series store times out once, at the first recurring completion,
// so the demo shows daprd redelivering the event as dapr/resiliency.yaml says.
let outages = process.env.DEMO_SIMULATE_OUTAGE === '1' ? 1 : 0;

const UNITS = { daily: 'days', weekly: 'weeks', monthly: 'months', yearly: 'years' } as const;

/** Publishes the next occurrence of a completed recurring task; says what it published. */
async function spawnNextOccurrence(completed: TaskEventOf<'task.completed.v1'>): Promise<string> {
  const { task_id, user_id, title, due_date, completed_at, recurrence } = completed.payload;
  if (!recurrence) return 'one-off task: nothing to schedule';
  if (outages > 0) {
    outages -= 1;
    throw new Error('series store timed out (simulated outage)');
  }
  const { seriesId, occurrence } = series.get(task_id) ?? { seriesId: task_id, occurrence: 1 };
  const next = nextDueDate(due_date ?? completed_at, recurrence);
  if (next === undefined)
    return `series ${shortId(seriesId)} has ended (until ${recurrence.until})`;

  // Ids derived from the completion: a redelivered completion publishes the same events again
  // (consumers deduplicate them by event_id) instead of a second next occurrence.
  const key = (step: string) => [completed.event_id, step];
  const newTaskId = newEventId(domainNamespace('tasks'), key('next-task'));
  series.set(newTaskId, { seriesId, occurrence: occurrence + 1 });
  const triggered = createRecurringEvent(
    'recurring.triggered.v1',
    { task_id: seriesId, completed_task_id: task_id, user_id, recurrence, next_due_date: next },
    { causedBy: completed, userId: user_id, idempotencyKey: key('triggered') },
  );
  await recurringEvents.publish(triggered);
  const created = createTaskEvent(
    'task.created.v1',
    { task_id: newTaskId, user_id, title, due_date: next, recurrence },
    { causedBy: triggered, userId: user_id, idempotencyKey: key('created') },
  );
  await taskEvents.publish(created);
  const spawned = createRecurringEvent(
    'recurring.spawned.v1',
    {
      task_id: seriesId,
      source_task_id: task_id,
      new_task_id: newTaskId,
      user_id,
      occurrence: occurrence + 1,
      due_date: next,
    },
    { causedBy: created, userId: user_id, idempotencyKey: key('spawned') },
  );
  await recurringEvents.publish(spawned);
  const notificationId = newEventId(domainNamespace('notifications'), key('notification'));
  const delivered = createNotificationEvent(
    'notification.delivered.v1',
    {
      notification_id: notificationId,
      user_id,
      channel: 'in_app',
      provider: 'acme-inbox',
      recipient: user_id,
      provider_message_id: `inbox_${notificationId.slice(0, 8)}`,
      delivered_at: new Date().toISOString(),
    },
    { causedBy: spawned, userId: user_id, idempotencyKey: key('notified') },
  );
  await notificationEvents.publish(delivered);
  return (
    `published recurring.triggered.v1, task.created.v1 (task ${shortId(newTaskId)}, due ${next}), ` +
    'recurring.spawned.v1, notification.delivered.v1'
  );
}

export const tasksHandler = createDaprHandler(tasksDomain, {
  ...deliveryOptions('recurring-service', tasksDomain),
  handlers: {
    'task.created.v1': async (event) => {
      const { task_id, title, recurrence } = event.payload;
      if (!recurrence) return note(event.event_id, `"${title}" is a one-off task`);
      const known = series.get(task_id) ?? { seriesId: task_id, occurrence: 1 };
      series.set(task_id, known);
      const { interval, frequency } = recurrence;
      const every = interval === 1 ? frequency : `every ${interval} ${UNITS[frequency]}`;
      note(
        event.event_id,
        `"${title}" is occurrence ${known.occurrence} of series ${shortId(known.seriesId)}, ${every}`,
      );
    },
    'task.completed.v1': async (event) => {
      note(event.event_id, await spawnNextOccurrence(event));
    },
    'task.deleted.v1': async (event) => {
      series.delete(event.payload.task_id);
    },
  },
});
