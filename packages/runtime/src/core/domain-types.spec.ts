/**
 * Type-level contract of the domain API. jest runs with isolatedModules (no type check), so the
 * `@ts-expect-error` lines are verified by `tsc -p packages/runtime/tsconfig.spec.json`: an
 * expected error that disappears fails that check.
 */
import { z } from 'zod';
import { createdPayload, notes, TASK_ID, tasks } from './__fixtures__/tasks-domain';
import { defineEvent } from './define-event';
import { defineDomain } from './define-domain';
import type {
  AnyEventDomain,
  DomainEventOf,
  EventTypeOf,
  PayloadInputOf,
  PayloadOf,
} from './domain-types';
import type { CreateEventOptions } from './create-options';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(value: T): T {
  return value;
}

type TaskEvent = DomainEventOf<typeof tasks>;
type TaskCreated = DomainEventOf<typeof tasks, 'task.created.v1'>;

describe('domain types', () => {
  it('lists the event types as a union of literals', () => {
    assertType<
      Equal<EventTypeOf<typeof tasks>, 'task.created.v1' | 'task.created.v2' | 'task.completed.v1'>
    >(true);
    expect(tasks.eventTypes).toHaveLength(3);
  });

  it('narrows the union on event_type', () => {
    const event: TaskEvent = tasks.create('task.created.v1', createdPayload);
    const summary = (e: TaskEvent): string => {
      if (e.event_type === 'task.created.v1') return e.payload.title;
      // @ts-expect-error completed events have no title
      if (e.event_type === 'task.completed.v1') return e.payload.title;
      return e.payload.task_id;
    };
    expect(summary(event)).toBe('Write the report');
  });

  it('narrows with is()', () => {
    const event: TaskEvent = tasks.create('task.completed.v1', {
      task_id: TASK_ID,
      completed_at: '2026-11-27T00:00:00Z',
    });
    if (tasks.is(event, 'task.completed.v1')) {
      assertType<Equal<typeof event.payload.completed_at, string>>(true);
    }
    expect(tasks.is(event, 'task.completed.v1')).toBe(true);
  });

  it('types create() by event type', () => {
    const created = tasks.create('task.created.v1', createdPayload);
    expect(created.event_type).toBe('task.created.v1');
    assertType<Equal<typeof created, TaskCreated>>(true);
    assertType<Equal<typeof created.payload.priority, 'low' | 'medium' | 'high'>>(true);
    assertType<Equal<typeof created.correlation_id, string | null>>(true);

    // @ts-expect-error title must be a string
    expect(() => tasks.create('task.created.v1', { ...createdPayload, title: 42 })).toThrow();
    // @ts-expect-error the payload of task.completed.v1 is not a task.created.v1 payload
    expect(() => tasks.create('task.completed.v1', createdPayload)).toThrow();
    // @ts-expect-error title is required
    expect(() => tasks.create('task.created.v1', { task_id: TASK_ID, user_id: TASK_ID })).toThrow();
    // @ts-expect-error unknown event type
    expect(() => tasks.create('task.deleted.v1', createdPayload)).toThrow();
    const urgent = { ...createdPayload, priority: 'urgent' };
    // @ts-expect-error priority is an enum
    expect(() => tasks.create('task.created.v1', urgent)).toThrow();
  });

  it('makes events deeply readonly', () => {
    const created = tasks.create('task.created.v1', { ...createdPayload, tags: ['a'] });
    expect(() => {
      // @ts-expect-error events are readonly
      created.payload.title = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      // @ts-expect-error arrays inside events are readonly
      created.payload.tags.push('b');
    }).toThrow(TypeError);
  });

  it('distinguishes payload input (defaults optional) from parsed payload', () => {
    type Input = PayloadInputOf<typeof tasks, 'task.created.v1'>;
    type Output = PayloadOf<typeof tasks, 'task.created.v1'>;
    const input: Input = createdPayload;
    // @ts-expect-error priority has a default, so it is required in the parsed payload
    const output: Output = createdPayload;
    assertType<Equal<Output['priority'], 'low' | 'medium' | 'high'>>(true);
    expect(input).toBe(output);
  });

  it('offers metadata options only in domains with metadata', () => {
    const withMetadata: CreateEventOptions<true> = {
      userId: TASK_ID,
      causedBy: { event_id: TASK_ID },
    };
    // @ts-expect-error a domain without metadata has no userId option
    const withoutMetadata: CreateEventOptions<false> = { userId: TASK_ID };
    expect(() =>
      notes.create('note.added', { note_id: TASK_ID, text: 'x' }, withoutMetadata),
    ).toThrow('has no metadata fields');
    const note = notes.create('note.added', { note_id: TASK_ID, text: 'x' });
    // @ts-expect-error events of a domain without metadata have no correlation_id
    expect(note.correlation_id).toBeUndefined();
    expect(withMetadata.userId).toBe(TASK_ID);
  });

  it('gives events metadata fields when the domain leaves metadata unset', () => {
    const plain = defineDomain({
      domain: 'p',
      entity: 'p',
      topic: 'p',
      source: '/p',
      events: [notes.events[0]],
    });
    assertType<Equal<DomainEventOf<typeof plain>['correlation_id'], string | null>>(true);
    expect(
      plain.create('note.added', { note_id: TASK_ID, text: 'x' }).correlation_id,
    ).not.toBeNull();
  });

  it('accepts any domain where AnyEventDomain is expected', () => {
    const domains: AnyEventDomain[] = [tasks, notes];
    expect(domains.map((domain) => domain.topic)).toEqual(['task-events', 'note-events']);
  });

  it('restricts defineEvent keys to required string or number payload fields', () => {
    const payload = z.object({
      id: z.uuid(),
      seq: z.number(),
      note: z.string().optional(),
      tags: z.array(z.string()),
    });
    expect(defineEvent({ type: 'a.v1', name: 'a', version: 1, key: 'seq', payload }).key).toBe(
      'seq',
    );
    const nope = { type: 'a.v1', name: 'a', version: 1, key: 'nope', payload } as const;
    // @ts-expect-error not a payload field
    expect(() => defineEvent(nope)).toThrow();
    // @ts-expect-error optional fields cannot be keys
    expect(defineEvent({ type: 'a.v1', name: 'a', version: 1, key: 'note', payload }).key).toBe(
      'note',
    );
    // @ts-expect-error arrays cannot be keys
    expect(defineEvent({ type: 'a.v1', name: 'a', version: 1, key: 'tags', payload }).key).toBe(
      'tags',
    );
  });
});
