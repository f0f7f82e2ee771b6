// Runs INSIDE the demo workspace (copied there by scripts/demo-kafka.mjs): a realistic stream of
// task, reminder, recurring and notification events goes through the generated producers to
// their default topics, and the generated consumers read it back, one line per event.
// Env: KAFKA_BROKERS (required), DEMO_SCOPE (npm scope of the workspace, e.g. @acme).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const scope = process.env.DEMO_SCOPE ?? '@acme';
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');

const tasks = await import(`${scope}/tasks-events`);
const reminders = await import(`${scope}/reminders-events`);
const recurring = await import(`${scope}/recurring-events`);
const notifications = await import(`${scope}/notifications-events`);

const kafka = new Kafka({ clientId: 'kafka-events-demo', brokers, logLevel: logLevel.NOTHING });
const quietLogger = {
  debug() {},
  info() {},
  warn: (m, f) => console.warn(m, f ?? ''),
  error: (m, f) => console.error(m, f ?? ''),
};

// --- the story: two users plan their week -------------------------------------------------
const at = (day, hour, minute = 0) => new Date(Date.UTC(2026, 10, day, hour, minute)).toISOString();
const ada = randomUUID();
const grace = randomUUID();
const stream = { tasks: [], reminders: [], recurring: [], notifications: [] };

function taskLifecycle(user, title, { priority, tags, due, recurrence, email }) {
  const taskId = randomUUID();
  const created = tasks.createTaskEvent(
    'task.created.v1',
    { task_id: taskId, user_id: user, title, priority, tags, due_date: due, recurrence },
    { userId: user },
  );
  stream.tasks.push(created);
  const reminderId = randomUUID();
  const remindAt = at(28, 8);
  const message = `"${title}" is due soon`;
  const base = { reminder_id: reminderId, task_id: taskId, user_id: user };
  const scheduled = reminders.createReminderEvent(
    'reminder.scheduled.v1',
    { ...base, remind_at: remindAt, channel: 'email', message },
    { causedBy: created, userId: user },
  );
  const due_ = reminders.createReminderEvent(
    'reminder.due.v1',
    { ...base, remind_at: remindAt, channel: 'email', message },
    { causedBy: scheduled, userId: user },
  );
  stream.reminders.push(scheduled, due_);
  const notificationId = randomUUID();
  const notificationBase = {
    notification_id: notificationId,
    user_id: user,
    channel: 'email',
    provider: 'sendgrid',
    recipient: email,
  };
  if (email.endsWith('.invalid')) {
    const failed = reminders.createReminderEvent(
      'reminder.failed.v1',
      {
        ...base,
        channel: 'email',
        failed_at: at(28, 8, 1),
        attempt: 1,
        error_code: 'MAILBOX_UNAVAILABLE',
        error_message: 'Recipient mailbox does not exist',
        retryable: false,
      },
      { causedBy: due_, userId: user },
    );
    stream.reminders.push(failed);
    stream.notifications.push(
      notifications.createNotificationEvent(
        'notification.bounced.v1',
        {
          ...notificationBase,
          provider_message_id: `msg_${notificationId.slice(0, 8)}`,
          bounce_type: 'hard',
          bounce_code: '5.1.1',
          bounced_at: at(28, 8, 1),
        },
        { causedBy: failed, userId: user },
      ),
    );
  } else {
    const sent = reminders.createReminderEvent(
      'reminder.sent.v1',
      { ...base, channel: 'email', sent_at: at(28, 8, 0), attempt: 1 },
      { causedBy: due_, userId: user },
    );
    stream.reminders.push(sent);
    stream.notifications.push(
      notifications.createNotificationEvent(
        'notification.delivered.v1',
        {
          ...notificationBase,
          provider_message_id: `msg_${notificationId.slice(0, 8)}`,
          delivered_at: at(28, 8, 0),
        },
        { causedBy: sent, userId: user },
      ),
    );
  }
  return created;
}

const report = taskLifecycle(ada, 'Write the quarterly report', {
  priority: 'high',
  tags: ['reports', 'finance'],
  due: at(28, 17),
  email: 'ada@example.com',
});
const standup = taskLifecycle(ada, 'Prepare the weekly stand-up notes', {
  priority: 'medium',
  tags: ['team'],
  due: at(30, 9),
  recurrence: { frequency: 'weekly', interval: 1 },
  email: 'ada@example.com',
});
const invoices = taskLifecycle(grace, 'Send the November invoices', {
  priority: 'high',
  tags: ['billing'],
  due: at(30, 12),
  email: 'grace@bounce.invalid',
});
const typo = taskLifecycle(grace, 'Draft teh roadmap', {
  priority: 'low',
  tags: [],
  email: 'grace@example.com',
});

stream.tasks.push(
  tasks.createTaskEvent(
    'task.updated.v1',
    {
      task_id: typo.payload.task_id,
      user_id: grace,
      title: 'Draft the roadmap',
      priority: 'medium',
      updated_at: at(27, 11),
    },
    { causedBy: typo, userId: grace },
  ),
  tasks.createTaskEvent(
    'task.completed.v1',
    {
      task_id: report.payload.task_id,
      user_id: ada,
      completed_at: at(28, 16),
      title: report.payload.title,
      due_date: report.payload.due_date,
    },
    { causedBy: report, userId: ada },
  ),
  tasks.createTaskEvent(
    'task.deleted.v1',
    {
      task_id: invoices.payload.task_id,
      user_id: grace,
      deleted_at: at(29, 10),
      reason: 'Invoices moved to the billing system.',
    },
    { causedBy: invoices, userId: grace },
  ),
);

// the recurring flow: completing the weekly task triggers and spawns the next occurrence
const standupDone = tasks.createTaskEvent(
  'task.completed.v1',
  {
    task_id: standup.payload.task_id,
    user_id: ada,
    completed_at: at(30, 9, 30),
    title: standup.payload.title,
    due_date: standup.payload.due_date,
    recurrence: standup.payload.recurrence,
  },
  { causedBy: standup, userId: ada },
);
const nextDue = at(37, 9); // Date.UTC rolls day 37 of November over to 7 December
const triggered = recurring.createRecurringEvent(
  'recurring.triggered.v1',
  {
    task_id: standup.payload.task_id,
    completed_task_id: standup.payload.task_id,
    user_id: ada,
    recurrence: { frequency: 'weekly', interval: 1 },
    next_due_date: nextDue,
  },
  { causedBy: standupDone, userId: ada, idempotencyKey: [standupDone.event_id, 'triggered'] },
);
const nextTaskId = randomUUID();
const nextOccurrence = tasks.createTaskEvent(
  'task.created.v1',
  {
    task_id: nextTaskId,
    user_id: ada,
    title: standup.payload.title,
    priority: 'medium',
    tags: ['team'],
    due_date: nextDue,
    recurrence: { frequency: 'weekly', interval: 1 },
  },
  { causedBy: standupDone, userId: ada },
);
const spawned = recurring.createRecurringEvent(
  'recurring.spawned.v1',
  {
    task_id: standup.payload.task_id,
    source_task_id: standup.payload.task_id,
    new_task_id: nextTaskId,
    user_id: ada,
    occurrence: 2,
    due_date: nextDue,
  },
  { causedBy: triggered, userId: ada, idempotencyKey: [standupDone.event_id, 'spawned'] },
);
stream.tasks.push(standupDone, nextOccurrence);
stream.recurring.push(triggered, spawned);

// --- publish through the generated producers, consume with the generated consumers -----------
const domains = [
  {
    name: 'tasks',
    lib: tasks,
    producer: tasks.createTasksProducer,
    consumer: tasks.createTasksConsumer,
    domain: tasks.tasksDomain,
  },
  {
    name: 'reminders',
    lib: reminders,
    producer: reminders.createRemindersProducer,
    consumer: reminders.createRemindersConsumer,
    domain: reminders.remindersDomain,
  },
  {
    name: 'recurring',
    lib: recurring,
    producer: recurring.createRecurringProducer,
    consumer: recurring.createRecurringConsumer,
    domain: recurring.recurringDomain,
  },
  {
    name: 'notifications',
    lib: notifications,
    producer: notifications.createNotificationsProducer,
    consumer: notifications.createNotificationsConsumer,
    domain: notifications.notificationsDomain,
  },
];
const total = Object.values(stream).reduce((n, events) => n + events.length, 0);

// The topics come first, the way users make them: the kafka-events CLI (the events-topics target
// of each library runs the same) creates every domain's topic and dead-letter topic as its
// kafka-events.json declares them. Clusters with auto-creation off (most managed ones) need this.
execFileSync(
  join('node_modules', '.bin', 'kafka-events'),
  ['topics', '--ensure', '--brokers', brokers.join(',')],
  { stdio: 'inherit' },
);

const short = (id) => (id ? id.slice(0, 8) : '-');
const summary = (payload) =>
  Object.entries(payload)
    .filter(
      ([key, value]) =>
        !key.endsWith('_id') &&
        value !== undefined &&
        !(Array.isArray(value) && value.length === 0),
    )
    .slice(0, 4)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'object' ? JSON.stringify(value) : JSON.stringify(value)}`,
    )
    .join(' ');

let received = 0;
let resolveAll;
const allReceived = new Promise((resolve) => (resolveAll = resolve));
const consumers = domains.map(({ name, consumer, domain }) => {
  // Every event type of the domain gets the same printing handler.
  const handlers = Object.fromEntries(
    domain.eventTypes.map((type) => [
      type,
      (event, ctx) => {
        received += 1;
        process.stdout.write(
          `[${String(received).padStart(2)}/${total}] ${ctx.topic}[p${ctx.partition}@${ctx.offset}] ${event.event_type.padEnd(26)} ` +
            `key=${short(ctx.key)} id=${short(event.event_id)} corr=${short(event.correlation_id)} cause=${short(event.causation_id)}  ${summary(event.payload)}\n`,
        );
        if (received === total) resolveAll();
      },
    ]),
  );
  return consumer(kafka, {
    groupId: `kafka-events-demo-${name}`,
    fromBeginning: true,
    exhaustive: true,
    handlers,
    logger: quietLogger,
  });
});
for (const c of consumers) await c.start();

process.stdout.write(
  `publishing ${total} events to ${domains.map((d) => d.domain.topic).join(', ')}\n`,
);
for (const { name, producer } of domains) {
  const p = producer(kafka, { logger: quietLogger });
  await p.publishMany(stream[name]);
  await p.disconnect();
  process.stdout.write(`  published ${stream[name].length} ${name} events\n`);
}

const timeout = setTimeout(() => {
  process.stderr.write(`timed out: received ${received} of ${total} events\n`);
  process.exit(1);
}, 60_000);
await allReceived;
clearTimeout(timeout);
for (const c of consumers) await c.stop();
const stats = consumers.map((c) => c.stats());
const deadLettered = stats.reduce((n, s) => n + s.deadLettered, 0);
process.stdout.write(`\nreceived ${received}/${total} events, dead-lettered ${deadLettered}\n`);
if (received !== total || deadLettered !== 0) process.exit(1);
