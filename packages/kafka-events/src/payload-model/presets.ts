import { snake } from '../utils/naming';
import { f, type EventModel, type FieldMap } from './fields';

/** An event of a preset before it is given a version (every seeded event starts at v1). */
export type PresetEvent = Omit<EventModel, 'version'>;

export interface DomainPreset {
  domain: string;
  /** In publication order: the default `--events` list. */
  events: readonly PresetEvent[];
}

const USER_ID = 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f';
const TASK_ID = '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10';

const userId = f.uuid({ description: 'User who owns the task.', example: USER_ID });
const taskId = f.uuid({ example: TASK_ID });
const channel = f.enum(['email', 'push', 'sms', 'in_app'], { example: 'email' });

const recurrence = f.object(
  {
    frequency: f.enum(['daily', 'weekly', 'monthly', 'yearly'], { example: 'weekly' }),
    interval: f.int({ min: 1, max: 365, default: 1, example: 1 }),
    until: f.datetime({ optional: true, example: '2027-06-30T00:00:00.000Z' }),
  },
  { optional: true, description: 'Repeat rule; absent for one-off tasks.' },
);

const taskFields = {
  title: f.string({ min: 1, max: 200, example: 'Write the quarterly report' }),
  description: f.string({
    max: 2000,
    optional: true,
    example: 'Revenue, churn and the hiring plan for Q4.',
  }),
  priority: f.enum(['low', 'medium', 'high'], { default: 'medium', example: 'high' }),
  tags: f.array(f.string({ min: 1, max: 50 }), {
    max: 20,
    default: [],
    example: ['reports', 'finance'],
  }),
  due_date: f.datetime({ optional: true, example: '2026-12-01T17:00:00.000Z' }),
  recurrence,
} satisfies FieldMap;

const tasks: DomainPreset = {
  domain: 'tasks',
  events: [
    {
      name: 'created',
      key: 'task_id',
      description: 'Published when a user creates a task.',
      fields: { task_id: taskId, user_id: userId, ...taskFields },
    },
    {
      name: 'updated',
      key: 'task_id',
      description: 'Published when a task is edited; only the fields that changed are present.',
      fields: {
        task_id: taskId,
        user_id: userId,
        title: f.optional(taskFields.title),
        description: taskFields.description,
        priority: f.enum(['low', 'medium', 'high'], { optional: true, example: 'high' }),
        tags: f.array(f.string({ min: 1, max: 50 }), { max: 20, optional: true, example: [] }),
        due_date: taskFields.due_date,
        recurrence,
        updated_at: f.datetime(),
      },
    },
    {
      name: 'completed',
      key: 'task_id',
      description:
        'Published when a task is marked done; carries what the recurring service needs to spawn the next occurrence.',
      fields: {
        task_id: taskId,
        user_id: userId,
        completed_at: f.datetime({ example: '2026-11-27T16:45:00.000Z' }),
        title: taskFields.title,
        due_date: taskFields.due_date,
        recurrence,
      },
    },
    {
      name: 'deleted',
      key: 'task_id',
      description: 'Published when a task is removed.',
      fields: {
        task_id: taskId,
        user_id: userId,
        deleted_at: f.datetime(),
        reason: f.string({ max: 500, optional: true, example: 'Duplicate of another task.' }),
      },
    },
  ],
};

const reminderId = f.uuid({ example: '7d9e2f4a-1c3b-4e5d-8f60-718293a4b5c6' });
const reminderBase = {
  reminder_id: reminderId,
  task_id: taskId,
  user_id: f.uuid({ example: USER_ID }),
} satisfies FieldMap;
const message = f.string({ min: 1, max: 500, example: 'Quarterly report is due tomorrow' });
const attempt = f.int({ min: 1, max: 10, example: 1, description: 'Delivery attempt, from 1.' });
const errorFields = {
  error_code: f.string({ min: 1, max: 100, example: 'PROVIDER_TIMEOUT' }),
  error_message: f.string({ min: 1, max: 1000, example: 'Provider did not answer within 10s' }),
  retryable: f.boolean({ example: true }),
} satisfies FieldMap;

const reminders: DomainPreset = {
  domain: 'reminders',
  events: [
    {
      name: 'scheduled',
      key: 'reminder_id',
      description: 'Published when a reminder is set for a task.',
      fields: {
        ...reminderBase,
        remind_at: f.datetime({ example: '2026-11-30T09:00:00.000Z' }),
        channel: f.enum(['email', 'push', 'sms', 'in_app'], {
          default: 'in_app',
          example: 'email',
        }),
        message,
      },
    },
    {
      name: 'due',
      key: 'reminder_id',
      description: 'Published by the scheduler when a reminder time is reached.',
      fields: {
        ...reminderBase,
        remind_at: f.datetime({ example: '2026-11-30T09:00:00.000Z' }),
        channel,
        message,
      },
    },
    {
      name: 'sent',
      key: 'reminder_id',
      description: 'Published when the reminder reached the delivery provider.',
      fields: {
        ...reminderBase,
        channel,
        sent_at: f.datetime({ example: '2026-11-30T09:00:02.000Z' }),
        attempt,
      },
    },
    {
      name: 'failed',
      key: 'reminder_id',
      description: 'Published when a delivery attempt failed.',
      fields: {
        ...reminderBase,
        channel,
        failed_at: f.datetime({ example: '2026-11-30T09:00:12.000Z' }),
        attempt,
        ...errorFields,
      },
    },
  ],
};

const recurring: DomainPreset = {
  domain: 'recurring',
  events: [
    {
      name: 'triggered',
      key: 'task_id',
      description: 'Published when completing a recurring task starts its next occurrence.',
      fields: {
        task_id: f.uuid({ description: 'The series: id of its first task.', example: TASK_ID }),
        completed_task_id: f.uuid({ example: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d' }),
        user_id: f.uuid({ example: USER_ID }),
        recurrence: { ...recurrence, optional: false, description: undefined },
        next_due_date: f.datetime({ example: '2026-12-08T17:00:00.000Z' }),
      },
    },
    {
      name: 'spawned',
      key: 'task_id',
      description: 'Published when the next occurrence of a recurring task was created.',
      fields: {
        task_id: f.uuid({ description: 'The series: id of its first task.', example: TASK_ID }),
        source_task_id: f.uuid({ example: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d' }),
        new_task_id: f.uuid({ example: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e' }),
        user_id: f.uuid({ example: USER_ID }),
        occurrence: f.int({ min: 1, example: 2, description: 'Position in the series, from 1.' }),
        due_date: f.datetime({ example: '2026-12-08T17:00:00.000Z' }),
      },
    },
  ],
};

const notificationBase = {
  notification_id: f.uuid({ example: '9c8b7a6f-5e4d-4c3b-a291-8f7e6d5c4b3a' }),
  user_id: f.uuid({ example: USER_ID }),
  channel,
  provider: f.string({ min: 1, max: 100, example: 'sendgrid' }),
  recipient: f.string({ min: 1, max: 320, example: 'ada@example.com' }),
} satisfies FieldMap;
const providerMessageId = f.string({ min: 1, max: 200, example: 'msg_01HZX3K9Q2' });

const notifications: DomainPreset = {
  domain: 'notifications',
  events: [
    {
      name: 'delivered',
      key: 'notification_id',
      description: 'Published when the provider confirms delivery.',
      fields: {
        ...notificationBase,
        provider_message_id: providerMessageId,
        delivered_at: f.datetime(),
      },
    },
    {
      name: 'failed',
      key: 'notification_id',
      description: 'Published when the provider rejected or could not send a notification.',
      fields: { ...notificationBase, ...errorFields, failed_at: f.datetime() },
    },
    {
      name: 'bounced',
      key: 'notification_id',
      description: 'Published when the recipient address bounced.',
      fields: {
        ...notificationBase,
        provider_message_id: providerMessageId,
        bounce_type: f.enum(['hard', 'soft'], { example: 'hard' }),
        bounce_code: f.string({ max: 100, optional: true, example: '5.1.1' }),
        bounced_at: f.datetime(),
      },
    },
  ],
};

export const DOMAIN_PRESETS: Readonly<Record<string, DomainPreset>> = {
  tasks,
  reminders,
  recurring,
  notifications,
};

export const GENERIC_EVENT_NAMES = ['created', 'updated', 'deleted'] as const;

/** The default event list for a domain: its preset's, else created, updated, deleted. */
export function defaultEventNames(domain: string): string[] {
  return (DOMAIN_PRESETS[domain]?.events ?? GENERIC_EVENT_NAMES.map((name) => ({ name }))).map(
    (e) => e.name,
  );
}

/**
 * The v1 model of an event: the preset's when the domain has one for this name, else a
 * sensible starting payload keyed by `<entity>_id` that users then edit.
 */
export function seedEvent(domain: string, entity: string, name: string): EventModel {
  const preset = DOMAIN_PRESETS[domain]?.events.find((e) => snake(e.name) === snake(name));
  if (preset) return { ...preset, name, version: 1 };
  return { ...genericEvent(entity, name), version: 1 };
}

function genericEvent(entity: string, name: string): PresetEvent {
  const key = `${snake(entity)}_id`;
  const ids = { [key]: f.uuid(), user_id: f.uuid({ example: USER_ID }) };
  const label = entity.replace(/-/g, ' ');
  const a = /^[aeiou]/.test(label) ? 'an' : 'a';
  switch (snake(name)) {
    case 'created':
      return {
        name,
        key,
        description: `Published when ${a} ${label} is created.`,
        fields: {
          ...ids,
          name: f.string({ min: 1, max: 200, example: `First ${label}` }),
          description: f.string({ max: 2000, optional: true }),
          created_at: f.datetime(),
        },
      };
    case 'updated':
      return {
        name,
        key,
        description: `Published when ${a} ${label} changes; carries the fields that changed.`,
        fields: {
          ...ids,
          name: f.string({ min: 1, max: 200, optional: true, example: `Renamed ${label}` }),
          description: f.string({ max: 2000, optional: true }),
          updated_at: f.datetime(),
        },
      };
    case 'deleted':
      return {
        name,
        key,
        description: `Published when ${a} ${label} is removed.`,
        fields: {
          ...ids,
          deleted_at: f.datetime(),
          reason: f.string({ max: 500, optional: true }),
        },
      };
    default: {
      // `archived` -> `archived_at`; names that are not past tense get a neutral `occurred_at`
      const at = /^[a-z]+ed$/.test(snake(name)) ? `${snake(name)}_at` : 'occurred_at';
      return {
        name,
        key,
        description: `Published on ${snake(entity)}.${name}.`,
        fields: { ...ids, [at]: f.datetime() },
      };
    }
  }
}
