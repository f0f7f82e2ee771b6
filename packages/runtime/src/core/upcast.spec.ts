import { defineUpcasters } from './upcast';
import { EventValidationError } from './errors';
import { createdPayload, tasks, TASK_ID, USER_ID } from './__fixtures__/tasks-domain';

const meta = { userId: USER_ID };

describe('defineUpcasters', () => {
  const toV2 = defineUpcasters(tasks, {
    'task.created.v1': (event) => ({
      ...event,
      event_type: 'task.created.v2',
      schema_version: 2,
      payload: { ...event.payload, assignee_id: null },
    }),
  });

  it('brings an old version to the newest, keeping the envelope', () => {
    const v1 = tasks.create('task.created.v1', createdPayload, meta);
    const v2 = toV2(v1);
    expect(v2.event_type).toBe('task.created.v2');
    expect(v2.schema_version).toBe(2);
    expect(v2.event_id).toBe(v1.event_id);
    expect(v2.timestamp).toBe(v1.timestamp);
    expect(v2.user_id).toBe(USER_ID);
    expect(v2.payload).toEqual({ ...v1.payload, assignee_id: null });
    expect(Object.isFrozen(v2)).toBe(true);
    // compiles only because the result type leaves out every type that has a step
    const newest: 'task.created.v2' | 'task.completed.v1' = v2.event_type;
    expect(newest).toBe('task.created.v2');
  });

  it('returns events without a step unchanged (validated)', () => {
    const v2 = tasks.create('task.created.v2', { ...createdPayload, assignee_id: null }, meta);
    expect(toV2(v2)).toEqual(v2);
    const done = tasks.create(
      'task.completed.v1',
      { task_id: TASK_ID, completed_at: '2026-11-27T10:15:30.000Z' },
      meta,
    );
    expect(toV2(done)).toEqual(done);
  });

  it('accepts wire objects as validate does (unversioned type + schema_version)', () => {
    const wire = JSON.parse(tasks.serialize(tasks.create('task.created.v1', createdPayload, meta)));
    expect(toV2({ ...wire, event_type: 'task.created' }).event_type).toBe('task.created.v2');
  });

  it('rejects a step whose result does not match the target schema', () => {
    const broken = defineUpcasters(tasks, {
      'task.created.v1': (event) =>
        ({ ...event, event_type: 'task.created.v2', schema_version: 1 }) as never,
    });
    const v1 = tasks.create('task.created.v1', createdPayload, meta);
    expect(() => broken(v1)).toThrow(EventValidationError);
  });

  it('rejects a step that does not move to a later version of the same event', () => {
    const backwards = defineUpcasters(tasks, {
      'task.created.v2': (event) => ({
        ...event,
        event_type: 'task.created.v1',
        schema_version: 1,
        payload: tasks.create('task.created.v1', createdPayload, meta).payload,
      }),
    });
    const v2 = tasks.create('task.created.v2', { ...createdPayload, assignee_id: null }, meta);
    expect(() => backwards(v2)).toThrow(/must return a later version of task\.created/);
  });

  it('rejects steps for types the domain does not define', () => {
    expect(() => defineUpcasters(tasks, { 'task.gone.v1': () => undefined } as never)).toThrow(
      /task\.gone\.v1 is not an event type of the domain \(known: task\.created\.v1/,
    );
  });
});
