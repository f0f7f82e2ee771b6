import { tasks } from '../kafka/__fixtures__/seed-domains';
import { daprRoutePath, daprSubscriptions, eventTypeMatch } from './subscriptions';

describe('daprSubscriptions', () => {
  it('routes each event type by a CEL rule, with a default route and a dead-letter topic', () => {
    expect(daprSubscriptions(tasks)).toEqual([
      {
        pubsubname: 'kafka-pubsub',
        topic: 'task-events',
        routes: {
          rules: tasks.eventTypes.map((type) => ({
            match: `event.type == "${type}"`,
            path: `/events/task-events/${type}`,
          })),
          default: '/events/task-events',
        },
        deadLetterTopic: 'task-events.dlq',
      },
    ]);
  });

  it('takes the pubsub, topic, paths, types, dead-letter topic and metadata from the options', () => {
    const [subscription] = daprSubscriptions(tasks, {
      pubsubName: 'pubsub',
      topic: 'tasks.v1',
      basePath: '/dapr/',
      eventTypes: ['task.completed.v1', 'task.created.v1'],
      routes: { 'task.completed.v1': '/done' },
      defaultRoute: '/dapr/tasks',
      deadLetterTopic: 'poison',
      metadata: { maxBulkSubCount: '10' },
    });
    expect(subscription).toEqual({
      pubsubname: 'pubsub',
      topic: 'tasks.v1',
      routes: {
        rules: [
          { match: 'event.type == "task.completed.v1"', path: '/done' },
          { match: 'event.type == "task.created.v1"', path: '/dapr/tasks.v1/task.created.v1' },
        ],
        default: '/dapr/tasks',
      },
      metadata: { maxBulkSubCount: '10' },
      deadLetterTopic: 'poison',
    });
    expect(daprSubscriptions(tasks, { deadLetterTopic: false })[0]).not.toHaveProperty(
      'deadLetterTopic',
    );
  });

  it('uses only the default route for rawPayload subscriptions (Dapr wraps those itself)', () => {
    const [subscription] = daprSubscriptions(tasks, { rawPayload: true });
    expect(subscription!.routes).toEqual({ rules: [], default: '/events/task-events' });
    expect(subscription!.metadata).toEqual({ rawPayload: 'true' });
  });

  it('names the problem in bad options', () => {
    expect(() => daprSubscriptions(tasks, { eventTypes: ['task.nope.v1' as never] })).toThrow(
      /tasks has no event type "task.nope.v1"; known: task.created.v1/,
    );
    expect(() => daprSubscriptions(tasks, { defaultRoute: 'events' })).toThrow(
      /default route must be an absolute path/,
    );
    expect(() => daprSubscriptions(tasks, { routes: { 'task.created.v1': '/a b' } })).toThrow(
      /route of task.created.v1/,
    );
  });

  it('exposes the path and rule conventions', () => {
    expect(daprRoutePath('t', 'a.v1')).toBe('/events/t/a.v1');
    expect(eventTypeMatch('a"b')).toBe('event.type == "a\\"b"');
  });
});
