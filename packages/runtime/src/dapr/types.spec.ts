/**
 * Compile-time guarantees, checked by `tsc -p packages/runtime/tsconfig.spec.json` (every
 * @ts-expect-error must be an error) and run by jest so the file stays importable.
 */
import { notifications, recurring, taskSamples, tasks } from '../kafka/__fixtures__/seed-domains';
import { createDaprPublisher } from './publisher';
import { createDaprHandler } from './handler';
import { daprSubscriptions } from './subscriptions';

const fetchNever = (() => Promise.reject(new Error('not called'))) as unknown as typeof fetch;

describe('Dapr helper types', () => {
  it('accept only the domain’s own events and types', async () => {
    const publisher = createDaprPublisher(tasks, {
      fetch: fetchNever,
      retry: { attempts: 1, backoffMs: 0 },
    });
    const created = tasks.create('task.created.v1', taskSamples['task.created.v1']);
    const triggered = recurring.create('recurring.triggered.v1', {
      task_id: created.payload.task_id,
      completed_task_id: created.payload.task_id,
      user_id: created.payload.user_id,
      recurrence: { frequency: 'weekly' },
      next_due_date: '2026-12-08T17:00:00.000Z',
    });
    const notPublished = [
      // @ts-expect-error a recurring event is not a task event
      () => publisher.publish(triggered),
      // @ts-expect-error nor in a bulk
      () => publisher.publishBulk([created, triggered]),
      // @ts-expect-error a plain object is not an event
      () => publisher.publish({ event_type: 'task.created.v1' }),
    ];
    expect(notPublished).toHaveLength(3);

    createDaprHandler(tasks, {
      handlers: {
        'task.completed.v1': (event) => {
          const completedAt: string = event.payload.completed_at;
          // @ts-expect-error task.completed has no priority
          void event.payload.priority;
          void completedAt;
        },
        // @ts-expect-error the handler of task.created gets a task.created event
        'task.created.v1': (event: { payload: { completed_at: string } }) => void event,
      },
    });
    // The runtime refuses what the compiler refuses, for callers without types.
    expect(() =>
      createDaprHandler(notifications, {
        // @ts-expect-error not a notification event type
        handlers: { 'task.created.v1': () => undefined },
      }),
    ).toThrow(/no event type/);
    // @ts-expect-error routes only for the domain's types
    expect(() => daprSubscriptions(tasks, { routes: { 'recurring.triggered.v1': '/x' } })).toThrow(
      /no event type/,
    );
    // @ts-expect-error handlers return nothing or a Dapr status
    createDaprHandler(tasks, { handlers: { 'task.deleted.v1': () => 'MAYBE' } });
  });
});
