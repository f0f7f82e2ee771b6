/**
 * The four seed domains as `nx g kafka-events:domain <name>` generates them (payloads mirror
 * packages/kafka-events/src/payload-model/presets.ts rendered with validation on; topics
 * `<entity>-events`, sources `/<domain>`, versioned types; optional fields `.nullish()` as the
 * generator renders them), plus one realistic payload per event type. Used by the kafka, dapr
 * and Pydantic interop specs and excluded from the build.
 */
import { z } from 'zod';
import { defineDomain } from '../../core/define-domain';
import { defineEvent, type KeyField, type PayloadSchema } from '../../core/define-event';
import type { AnyEventDomain, EventTypeOf, PayloadInputOf } from '../../core/domain-types';

const channel = z.enum(['email', 'push', 'sms', 'in_app']);
const recurrence = z.object({
  frequency: z.enum(['daily', 'weekly', 'monthly', 'yearly']),
  interval: z.int().min(1).max(365).default(1),
  until: z.iso.datetime().nullish(),
});
const title = z.string().min(1).max(200);
const description = z.string().max(2000).nullish();
const tags = z.array(z.string().min(1).max(50)).max(20);

/** One v1 event as the generator writes it: name = type without `.v1`. */
const event = <const T extends string, P extends PayloadSchema, const K extends KeyField<P>>(
  type: T,
  key: K,
  payload: P,
) => defineEvent({ type, name: type.replace(/\.v\d+$/, ''), version: 1, key, payload });

export const tasks = defineDomain({
  domain: 'tasks',
  entity: 'task',
  topic: 'task-events',
  source: '/tasks',
  metadata: true,
  events: [
    event(
      'task.created.v1',
      'task_id',
      z.object({
        task_id: z.uuid(),
        user_id: z.uuid(),
        title,
        description,
        priority: z.enum(['low', 'medium', 'high']).default('medium'),
        tags: tags.default([]),
        due_date: z.iso.datetime().nullish(),
        recurrence: recurrence.nullish(),
      }),
    ),
    event(
      'task.updated.v1',
      'task_id',
      z.object({
        task_id: z.uuid(),
        user_id: z.uuid(),
        title: title.nullish(),
        description,
        priority: z.enum(['low', 'medium', 'high']).nullish(),
        tags: tags.nullish(),
        due_date: z.iso.datetime().nullish(),
        recurrence: recurrence.nullish(),
        updated_at: z.iso.datetime(),
      }),
    ),
    event(
      'task.completed.v1',
      'task_id',
      z.object({
        task_id: z.uuid(),
        user_id: z.uuid(),
        completed_at: z.iso.datetime(),
        title,
        due_date: z.iso.datetime().nullish(),
        recurrence: recurrence.nullish(),
      }),
    ),
    event(
      'task.deleted.v1',
      'task_id',
      z.object({
        task_id: z.uuid(),
        user_id: z.uuid(),
        deleted_at: z.iso.datetime(),
        reason: z.string().max(500).nullish(),
      }),
    ),
  ],
});

const reminderBase = { reminder_id: z.uuid(), task_id: z.uuid(), user_id: z.uuid() };
const message = z.string().min(1).max(500);
const attempt = z.int().min(1).max(10);
const errorFields = {
  error_code: z.string().min(1).max(100),
  error_message: z.string().min(1).max(1000),
  retryable: z.boolean(),
};

export const reminders = defineDomain({
  domain: 'reminders',
  entity: 'reminder',
  topic: 'reminder-events',
  source: '/reminders',
  metadata: true,
  events: [
    event(
      'reminder.scheduled.v1',
      'reminder_id',
      z.object({
        ...reminderBase,
        remind_at: z.iso.datetime(),
        channel: channel.default('in_app'),
        message,
      }),
    ),
    event(
      'reminder.due.v1',
      'reminder_id',
      z.object({ ...reminderBase, remind_at: z.iso.datetime(), channel, message }),
    ),
    event(
      'reminder.sent.v1',
      'reminder_id',
      z.object({ ...reminderBase, channel, sent_at: z.iso.datetime(), attempt }),
    ),
    event(
      'reminder.failed.v1',
      'reminder_id',
      z.object({
        ...reminderBase,
        channel,
        failed_at: z.iso.datetime(),
        attempt,
        ...errorFields,
      }),
    ),
  ],
});

export const recurring = defineDomain({
  domain: 'recurring',
  entity: 'recurring',
  topic: 'recurring-events',
  source: '/recurring',
  metadata: true,
  events: [
    event(
      'recurring.triggered.v1',
      'task_id',
      z.object({
        task_id: z.uuid(),
        completed_task_id: z.uuid(),
        user_id: z.uuid(),
        recurrence,
        next_due_date: z.iso.datetime(),
      }),
    ),
    event(
      'recurring.spawned.v1',
      'task_id',
      z.object({
        task_id: z.uuid(),
        source_task_id: z.uuid(),
        new_task_id: z.uuid(),
        user_id: z.uuid(),
        occurrence: z.int().min(1),
        due_date: z.iso.datetime(),
      }),
    ),
  ],
});

const notificationBase = {
  notification_id: z.uuid(),
  user_id: z.uuid(),
  channel,
  provider: z.string().min(1).max(100),
  recipient: z.string().min(1).max(320),
};
const providerMessageId = z.string().min(1).max(200);

export const notifications = defineDomain({
  domain: 'notifications',
  entity: 'notification',
  topic: 'notification-events',
  source: '/notifications',
  metadata: true,
  events: [
    event(
      'notification.delivered.v1',
      'notification_id',
      z.object({
        ...notificationBase,
        provider_message_id: providerMessageId,
        delivered_at: z.iso.datetime(),
      }),
    ),
    event(
      'notification.failed.v1',
      'notification_id',
      z.object({
        ...notificationBase,
        ...errorFields,
        failed_at: z.iso.datetime(),
      }),
    ),
    event(
      'notification.bounced.v1',
      'notification_id',
      z.object({
        ...notificationBase,
        provider_message_id: providerMessageId,
        bounce_type: z.enum(['hard', 'soft']),
        bounce_code: z.string().max(100).nullish(),
        bounced_at: z.iso.datetime(),
      }),
    ),
  ],
});

export const USER_ID = 'b0d6f0f4-3d0b-4c47-bb1c-0b1a2c3d4e5f';
export const TASK_ID = '3f0c3c39-6c1e-4c39-9d3c-2b8f4c1f8a10';
const OTHER_TASK_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const REMINDER_ID = '7d9e2f4a-1c3b-4e5d-8f60-718293a4b5c6';
const NOTIFICATION_ID = '9c8b7a6f-5e4d-4c3b-a291-8f7e6d5c4b3a';
const weekly = { frequency: 'weekly', interval: 1, until: '2027-06-30T00:00:00.000Z' } as const;

type Samples<D extends AnyEventDomain> = { readonly [T in EventTypeOf<D>]: PayloadInputOf<D, T> };

/** One realistic payload per event type, every optional field filled. */
export const taskSamples: Samples<typeof tasks> = {
  'task.created.v1': {
    task_id: TASK_ID,
    user_id: USER_ID,
    title: 'Write the quarterly report',
    description: 'Revenue, churn and the hiring plan for Q4.',
    priority: 'high',
    tags: ['reports', 'finance'],
    due_date: '2026-12-01T17:00:00.000Z',
    recurrence: weekly,
  },
  'task.updated.v1': {
    task_id: TASK_ID,
    user_id: USER_ID,
    title: 'Write the Q4 report',
    priority: 'medium',
    tags: [],
    updated_at: '2026-11-27T11:00:00.000Z',
  },
  'task.completed.v1': {
    task_id: TASK_ID,
    user_id: USER_ID,
    completed_at: '2026-11-27T16:45:00.000Z',
    title: 'Write the Q4 report',
    due_date: '2026-12-01T17:00:00.000Z',
    recurrence: weekly,
  },
  'task.deleted.v1': {
    task_id: TASK_ID,
    user_id: USER_ID,
    deleted_at: '2026-11-28T08:00:00.000Z',
    reason: 'Duplicate of another task.',
  },
};

export const reminderSamples: Samples<typeof reminders> = {
  'reminder.scheduled.v1': {
    reminder_id: REMINDER_ID,
    task_id: TASK_ID,
    user_id: USER_ID,
    remind_at: '2026-11-30T09:00:00.000Z',
    channel: 'email',
    message: 'Quarterly report is due tomorrow',
  },
  'reminder.due.v1': {
    reminder_id: REMINDER_ID,
    task_id: TASK_ID,
    user_id: USER_ID,
    remind_at: '2026-11-30T09:00:00.000Z',
    channel: 'email',
    message: 'Quarterly report is due tomorrow',
  },
  'reminder.sent.v1': {
    reminder_id: REMINDER_ID,
    task_id: TASK_ID,
    user_id: USER_ID,
    channel: 'email',
    sent_at: '2026-11-30T09:00:02.000Z',
    attempt: 1,
  },
  'reminder.failed.v1': {
    reminder_id: REMINDER_ID,
    task_id: TASK_ID,
    user_id: USER_ID,
    channel: 'sms',
    failed_at: '2026-11-30T09:00:12.000Z',
    attempt: 2,
    error_code: 'PROVIDER_TIMEOUT',
    error_message: 'Provider did not answer within 10s',
    retryable: true,
  },
};

export const recurringSamples: Samples<typeof recurring> = {
  'recurring.triggered.v1': {
    task_id: TASK_ID,
    completed_task_id: OTHER_TASK_ID,
    user_id: USER_ID,
    recurrence: weekly,
    next_due_date: '2026-12-08T17:00:00.000Z',
  },
  'recurring.spawned.v1': {
    task_id: TASK_ID,
    source_task_id: OTHER_TASK_ID,
    new_task_id: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
    user_id: USER_ID,
    occurrence: 2,
    due_date: '2026-12-08T17:00:00.000Z',
  },
};

const notificationBaseSample = {
  notification_id: NOTIFICATION_ID,
  user_id: USER_ID,
  channel: 'email',
  provider: 'sendgrid',
  recipient: 'ada@example.com',
} as const;

export const notificationSamples: Samples<typeof notifications> = {
  'notification.delivered.v1': {
    ...notificationBaseSample,
    provider_message_id: 'msg_01HZX3K9Q2',
    delivered_at: '2026-11-30T09:00:05.000Z',
  },
  'notification.failed.v1': {
    ...notificationBaseSample,
    error_code: 'MAILBOX_FULL',
    error_message: 'Recipient mailbox is full',
    retryable: false,
    failed_at: '2026-11-30T09:00:06.000Z',
  },
  'notification.bounced.v1': {
    ...notificationBaseSample,
    provider_message_id: 'msg_01HZX3K9Q3',
    bounce_type: 'hard',
    bounce_code: '5.1.1',
    bounced_at: '2026-11-30T09:00:07.000Z',
  },
};

/** Every seed domain with its samples, for table-driven specs. */
export const SEED_DOMAINS = [
  { domain: tasks, samples: taskSamples },
  { domain: reminders, samples: reminderSamples },
  { domain: recurring, samples: recurringSamples },
  { domain: notifications, samples: notificationSamples },
] as const;
