/**
 * Compile-time guarantees of the producer and consumer. The @ts-expect-error lines are the real
 * assertions: `npx tsc -p packages/runtime/tsconfig.spec.json` fails if any of them compiles.
 * Nothing here connects to Kafka (kafkajs only connects on connect()).
 */
import { Kafka, logLevel } from 'kafkajs';
import { createConsumer } from './consumer';
import { createProducer } from './producer';
import type { ExhaustiveHandlerMap } from './handlers';
import {
  notifications,
  recurring,
  recurringSamples,
  taskSamples,
  tasks,
} from './__fixtures__/seed-domains';

const kafka = new Kafka({ brokers: ['127.0.0.1:9'], logLevel: logLevel.NOTHING });
const created = tasks.create('task.created.v1', taskSamples['task.created.v1']);
const triggered = recurring.create(
  'recurring.triggered.v1',
  recurringSamples['recurring.triggered.v1'],
);

describe('typed producer', () => {
  it('accepts only events of its domain', () => {
    const producer = createProducer(tasks, kafka);
    expect(() => producer.encode(created)).not.toThrow();
    // @ts-expect-error an event of another domain
    void (() => producer.publish(triggered));
    // @ts-expect-error a list with an event of another domain
    void (() => producer.publishMany([created, triggered]));
    // @ts-expect-error a plain object that is not an event
    void (() => producer.publish({ event_type: 'task.created.v1', payload: {} }));
    void (() =>
      producer.publish({
        ...created,
        // @ts-expect-error the payload of task.completed.v1 under task.created.v1
        payload: { task_id: created.payload.task_id, completed_at: created.timestamp },
      }));
  });
});

describe('typed consumer handlers', () => {
  it('types each handler with its own event', () => {
    const consumer = createConsumer(tasks, kafka, {
      groupId: 'types',
      handlers: {
        'task.created.v1': (event) => {
          const title: string = event.payload.title;
          // @ts-expect-error completed_at belongs to task.completed.v1
          void event.payload.completed_at;
          void title;
        },
        'task.completed.v1': (event, context) => {
          const at: string = event.payload.completed_at;
          const offset: string = context.offset;
          void at;
          void offset;
        },
      },
    });
    expect(consumer.topic).toBe('task-events');
    expect(consumer.deadLetterTopic).toBe('task-events.dlq');
  });

  it('rejects handlers for types outside the domain', () => {
    expect(() =>
      createConsumer(tasks, kafka, {
        groupId: 'types',
        handlers: {
          // @ts-expect-error not an event type of the tasks domain
          'recurring.triggered.v1': () => undefined,
        },
      }),
    ).toThrow('handler for unknown event type "recurring.triggered.v1"');
  });

  it('rejects a handler whose parameter is another event type', () => {
    const onCompleted = (event: { readonly payload: { readonly completed_at: string } }) =>
      void event;
    createConsumer(tasks, kafka, {
      groupId: 'types',
      // @ts-expect-error task.created.v1 events have no completed_at
      handlers: { 'task.created.v1': onCompleted },
    });
    const onNotification = (_: ReturnType<typeof notifications.validate>) => undefined;
    createConsumer(tasks, kafka, {
      groupId: 'types',
      // @ts-expect-error a notification handler for a task event
      handlers: { 'task.deleted.v1': onNotification },
    });
  });

  it('makes a missing handler a compile error with exhaustive: true', () => {
    const all: ExhaustiveHandlerMap<typeof recurring> = {
      'recurring.triggered.v1': (event) => void event.payload.next_due_date,
      'recurring.spawned.v1': (event) => void event.payload.occurrence,
    };
    expect(() =>
      createConsumer(recurring, kafka, { groupId: 'types', exhaustive: true, handlers: all }),
    ).not.toThrow();

    const partial = { 'recurring.triggered.v1': () => undefined };
    expect(() =>
      // @ts-expect-error recurring.spawned.v1 has no handler
      createConsumer(recurring, kafka, { groupId: 'types', exhaustive: true, handlers: partial }),
    ).toThrow('exhaustive handler map lacks recurring.spawned.v1');

    // Without `exhaustive` the same map is fine: the other types follow onUnhandled.
    expect(() =>
      createConsumer(recurring, kafka, {
        groupId: 'types',
        handlers: { 'recurring.triggered.v1': () => undefined },
      }),
    ).not.toThrow();
  });

  it('rejects non-function handlers and an empty groupId at run time', () => {
    expect(() =>
      // @ts-expect-error a handler must be a function
      createConsumer(tasks, kafka, { groupId: 'g', handlers: { 'task.created.v1': 42 } }),
    ).toThrow('handler for "task.created.v1" must be a function');
    expect(() => createConsumer(tasks, kafka, { groupId: '', handlers: {} })).toThrow(
      'groupId must be a non-empty string',
    );
  });
});
