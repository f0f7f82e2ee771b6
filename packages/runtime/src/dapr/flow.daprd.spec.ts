/**
 * Several apps, each with its own real daprd, sharing the one generated pub/sub Component:
 * every app consumes in a group named after its app id, and the recurring-task flow runs across
 * three services the way it does in production.
 */
import { v5 as uuidv5 } from 'uuid';
import { readTopic, uniqueName, waitFor } from '../kafka/__fixtures__/kafka-harness';
import {
  notifications,
  recurring,
  taskSamples,
  tasks,
  USER_ID,
} from '../kafka/__fixtures__/seed-domains';
import { decodeKafkaRecord } from '../cloudevents/kafka-record';
import type { DomainEventOf } from '../core/domain-types';
import { daprdScope, type Daprd } from './__fixtures__/daprd-harness';
import { daprdKafka, FAST_RETRY } from './__fixtures__/daprd-kafka';
import { quietLogger as quiet } from './__fixtures__/dapr-loggers';
import { combineDaprHandlers, createDaprHandler } from './handler';
import { createDaprPublisher } from './publisher';

const { kafka, admin, topics: freshTopics, expectAllCommitted, dlqSize } = daprdKafka('dapr-flow');
const scope = daprdScope();
const topics = (...prefixes: string[]) => freshTopics(prefixes);

describe('one shared Component for every app', () => {
  it('two apps each receive every event, each in a consumer group named after its app id', async () => {
    const [topic] = await topics('task-events');
    const apps = [uniqueName('billing'), uniqueName('search')];
    const workspace = await scope.manifests({
      domains: [{ name: 'tasks', topic: topic! }],
      apps: apps.map((project) => ({ project, domains: ['tasks'], options: FAST_RETRY })),
    });
    // The generator wrote one Component for both apps.
    const components = workspace.files.filter((f) => f.includes('/components/'));
    expect(components).toEqual(['dapr/components/kafka-pubsub.yaml']);
    expect(workspace.read(components[0]!)).toContain("value: '{appID}'");

    const received = new Map<string, string[]>(apps.map((app) => [app, []]));
    const sidecars: Daprd[] = [];
    for (const appId of apps) {
      const handler = createDaprHandler(tasks, {
        topic,
        serveSubscriptions: false,
        logger: quiet,
        handlers: { 'task.created.v1': (event) => void received.get(appId)!.push(event.event_id) },
      });
      const app = await scope.app(handler.nodeListener);
      sidecars.push(
        await scope.sidecar({
          appId,
          appPort: app.port,
          manifestDirs: workspace.manifestDirsOf(appId),
        }),
      );
    }
    const publisher = createDaprPublisher(tasks, {
      host: '127.0.0.1',
      port: sidecars[0]!.httpPort,
      topic,
    });
    const events = Array.from({ length: 10 }, (_, i) =>
      tasks.create('task.created.v1', {
        ...taskSamples['task.created.v1'],
        task_id: crypto.randomUUID(),
        title: `task ${i}`,
      }),
    );
    await publisher.publishBulk(events);

    await waitFor(
      () => apps.every((app) => received.get(app)!.length >= events.length),
      'both apps to receive every event',
    );
    for (const app of apps) {
      expect([...received.get(app)!].sort()).toEqual(events.map((e) => e.event_id).sort());
      await expectAllCommitted(app, topic!);
    }
    const groups = await admin().describeGroups(apps);
    expect(groups.groups.map((g) => g.groupId).sort()).toEqual([...apps].sort());
  });
});

describe('the recurring-task flow across three apps', () => {
  it('task.completed -> recurring.triggered + next task.created -> notification, one correlation chain', async () => {
    const [taskTopic, recurringTopic, notificationTopic] = await topics(
      'task-events',
      'recurring-events',
      'notification-events',
    );
    const [taskService, recurringService, notificationService] = [
      'task-service',
      'recurring-service',
      'notification-service',
    ].map(uniqueName) as [string, string, string];
    const workspace = await scope.manifests({
      domains: [
        { name: 'tasks', topic: taskTopic! },
        { name: 'recurring', topic: recurringTopic! },
        { name: 'notifications', topic: notificationTopic! },
      ],
      apps: [
        { project: taskService, domains: ['notifications'], options: FAST_RETRY },
        { project: recurringService, domains: ['tasks'], options: FAST_RETRY },
        { project: notificationService, domains: ['tasks', 'recurring'], options: FAST_RETRY },
      ],
    });
    const sidecars = new Map<string, Daprd>();
    const publisher = <D extends Parameters<typeof createDaprPublisher>[0]>(
      domain: D,
      app: string,
      topic: string,
    ) =>
      createDaprPublisher(domain, { host: '127.0.0.1', port: sidecars.get(app)!.httpPort, topic });

    // recurring-service: a completed recurring task triggers the next occurrence.
    const triggeredBy: string[] = [];
    const recurringHandler = createDaprHandler(tasks, {
      topic: taskTopic,
      serveSubscriptions: false,
      logger: quiet,
      handlers: {
        'task.completed.v1': async (completed) => {
          const { recurrence, due_date: due, completed_at: completedAt } = completed.payload;
          if (!recurrence) return;
          triggeredBy.push(completed.event_id);
          const days =
            { daily: 1, weekly: 7, monthly: 30, yearly: 365 }[recurrence.frequency] *
            recurrence.interval;
          const nextDue = new Date(
            Date.parse(due ?? completedAt) + days * 86_400_000,
          ).toISOString();
          // Ids derived from the completed event: a redelivery publishes the same events again.
          const key = ['next-occurrence', completed.event_id];
          const causedBy = { causedBy: completed, userId: completed.user_id, idempotencyKey: key };
          await publisher(recurring, recurringService, recurringTopic!).publish(
            recurring.create(
              'recurring.triggered.v1',
              {
                task_id: completed.payload.task_id,
                completed_task_id: completed.payload.task_id,
                user_id: completed.payload.user_id,
                recurrence,
                next_due_date: nextDue,
              },
              causedBy,
            ),
          );
          await publisher(tasks, recurringService, taskTopic!).publish(
            tasks.create(
              'task.created.v1',
              {
                task_id: uuidv5(completed.event_id, uuidv5('next-occurrence', uuidv5.URL)),
                user_id: completed.payload.user_id,
                title: completed.payload.title,
                due_date: nextDue,
                recurrence,
              },
              causedBy,
            ),
          );
        },
      },
    });

    // notification-service: a created task is announced; triggered occurrences are recorded.
    const notified: string[] = [];
    const notificationHandler = combineDaprHandlers(
      createDaprHandler(tasks, {
        topic: taskTopic,
        serveSubscriptions: false,
        logger: quiet,
        handlers: {
          'task.created.v1': async (created) => {
            await publisher(notifications, notificationService, notificationTopic!).publish(
              notifications.create(
                'notification.delivered.v1',
                {
                  notification_id: uuidv5(created.event_id, uuidv5('notify', uuidv5.URL)),
                  user_id: created.payload.user_id,
                  channel: 'email',
                  provider: 'sendgrid',
                  recipient: 'ada@example.com',
                  provider_message_id: 'msg_1',
                  delivered_at: new Date().toISOString(),
                },
                {
                  causedBy: created,
                  userId: created.user_id,
                  idempotencyKey: ['notify', created.event_id],
                },
              ),
            );
          },
        },
      }),
      createDaprHandler(recurring, {
        topic: recurringTopic,
        serveSubscriptions: false,
        logger: quiet,
        handlers: { 'recurring.triggered.v1': (event) => void notified.push(event.event_id) },
      }),
    );

    // task-service: publishes tasks and reads the notifications about them.
    const notificationsSeen: DomainEventOf<typeof notifications>[] = [];
    const taskHandler = createDaprHandler(notifications, {
      topic: notificationTopic,
      serveSubscriptions: false,
      logger: quiet,
      handlers: { 'notification.delivered.v1': (event) => void notificationsSeen.push(event) },
    });

    for (const [appId, listener] of [
      [recurringService, recurringHandler.nodeListener],
      [notificationService, notificationHandler.nodeListener],
      [taskService, taskHandler.nodeListener],
    ] as const) {
      const app = await scope.app(listener);
      sidecars.set(
        appId,
        await scope.sidecar({
          appId,
          appPort: app.port,
          manifestDirs: workspace.manifestDirsOf(appId),
        }),
      );
    }

    const completed = tasks.create('task.completed.v1', taskSamples['task.completed.v1'], {
      userId: USER_ID,
    });
    await publisher(tasks, taskService, taskTopic!).publish(completed);

    await waitFor(
      () => notificationsSeen.length === 1 && notified.length === 1,
      'the notification to reach task-service',
    );
    const [taskRecords, recurringRecords, notificationRecords] = await Promise.all([
      readTopic(kafka, taskTopic!, 2),
      readTopic(kafka, recurringTopic!, 1),
      readTopic(kafka, notificationTopic!, 1),
    ]);
    expect([taskRecords.length, recurringRecords.length, notificationRecords.length]).toEqual([
      2, 1, 1,
    ]);
    const [onTopic, next] = taskRecords.map((r) =>
      decodeKafkaRecord(tasks, { value: r.value, headers: r.message.headers }),
    );
    const triggered = decodeKafkaRecord(recurring, { value: recurringRecords[0]!.value });
    const notification = decodeKafkaRecord(notifications, { value: notificationRecords[0]!.value });
    expect(onTopic).toEqual(completed);
    expect(triggeredBy).toEqual([completed.event_id]);
    if (next?.event_type !== 'task.created.v1' || triggered.event_type !== 'recurring.triggered.v1')
      throw new Error('unexpected event types');
    expect(next.payload).toMatchObject({
      title: completed.payload.title,
      due_date: '2026-12-08T17:00:00.000Z',
      recurrence: completed.payload.recurrence,
    });
    expect(taskRecords[1]!.key).toBe(next.payload.task_id);
    expect(triggered.payload).toMatchObject({
      task_id: completed.payload.task_id,
      next_due_date: '2026-12-08T17:00:00.000Z',
    });
    // One chain: the correlation id carried over, each causation pointing at its cause.
    for (const caused of [next, triggered]) {
      expect(caused.correlation_id).toBe(completed.correlation_id);
      expect(caused.causation_id).toBe(completed.event_id);
    }
    expect(notification.correlation_id).toBe(completed.correlation_id);
    expect(notification.causation_id).toBe(next.event_id);
    expect(notified).toEqual([triggered.event_id]);
    expect(notificationsSeen).toEqual([notification]);
    // Everything each service consumed was acknowledged; nothing was dead-lettered.
    await expectAllCommitted(recurringService, taskTopic!);
    await expectAllCommitted(notificationService, taskTopic!);
    await expectAllCommitted(notificationService, recurringTopic!);
    await expectAllCommitted(taskService, notificationTopic!);
    for (const topic of [taskTopic!, recurringTopic!, notificationTopic!]) {
      expect(await dlqSize(topic)).toBe(0);
    }
  });
});
