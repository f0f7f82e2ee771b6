import { v5 as uuidv5 } from 'uuid';
import {
  createdPayload,
  notes,
  pydanticCreatedJson,
  TASK_ID,
  tasks,
  USER_ID,
} from './__fixtures__/tasks-domain';
import { defineDomain, validateParsedEvent } from './define-domain';
import { EventDecodeError, EventValidationError, UnknownEventTypeError } from './errors';
import type { DomainEventOf } from './domain-types';

type TaskEvent = DomainEventOf<typeof tasks>;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function validationError(run: () => unknown): EventValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof EventValidationError) return error;
    throw error;
  }
  throw new Error('expected an EventValidationError');
}

describe('defineDomain', () => {
  it('exposes the domain settings and the versioned event types in definition order', () => {
    expect(tasks.domain).toBe('tasks');
    expect(tasks.topic).toBe('task-events');
    expect(tasks.source).toBe('/tasks');
    expect(tasks.metadata).toBe(true);
    expect(tasks.eventTypes).toEqual(['task.created.v1', 'task.created.v2', 'task.completed.v1']);
    expect(tasks.definition('task.created.v2')?.version).toBe(2);
    expect(tasks.definition('task.deleted.v1')).toBeUndefined();
  });

  it('rejects duplicate types, empty event lists and missing settings', () => {
    const created = tasks.definition('task.created.v1')!;
    const base = { domain: 'x', entity: 'x', topic: 'x', source: '/x' };
    expect(() => defineDomain({ ...base, events: [created, created] })).toThrow(
      'Domain x defines event type task.created.v1 twice',
    );
    expect(() => defineDomain({ ...base, events: [] })).toThrow('Domain x defines no events');
    expect(() => defineDomain({ ...base, topic: '', events: [created] })).toThrow(
      'topic must be a non-empty string',
    );
  });

  it('builds an envelope schema that discriminates on event_type', () => {
    const parsed = tasks.envelopeSchema.parse(pydanticCreatedJson());
    expect(parsed.event_type).toBe('task.created.v1');
    expect(
      tasks.envelopeSchema.safeParse(pydanticCreatedJson({ event_type: 'task.gone.v1' })).success,
    ).toBe(false);
  });
});

describe('create', () => {
  it('fills the envelope, applies payload defaults and starts a new correlation chain', () => {
    const event = tasks.create('task.created.v1', createdPayload, { userId: USER_ID });
    expect(event.event_id).toMatch(UUID_V4);
    expect(event.event_type).toBe('task.created.v1');
    expect(event.schema_version).toBe(1);
    expect(Date.now() - Date.parse(event.timestamp)).toBeLessThan(5_000);
    expect(event.timestamp).toMatch(/Z$/);
    expect(event.correlation_id).toBe(event.event_id);
    expect(event.causation_id).toBeNull();
    expect(event.user_id).toBe(USER_ID);
    expect(event.payload).toEqual({ ...createdPayload, priority: 'medium', tags: [] });
  });

  it('writes the wire fields in the documented order', () => {
    const event = tasks.create('task.created.v1', createdPayload);
    expect(Object.keys(JSON.parse(tasks.serialize(event)))).toEqual([
      'event_id',
      'event_type',
      'schema_version',
      'timestamp',
      'correlation_id',
      'causation_id',
      'user_id',
      'payload',
    ]);
  });

  it('takes explicit ids and timestamps', () => {
    const eventId = '7d444840-9dc0-11d1-b245-5ffdce74fad2';
    const event = tasks.create('task.created.v1', createdPayload, {
      eventId,
      timestamp: new Date('2026-01-02T03:04:05.678Z'),
      correlationId: TASK_ID,
    });
    expect(event.event_id).toBe(eventId);
    expect(event.timestamp).toBe('2026-01-02T03:04:05.678Z');
    expect(event.correlation_id).toBe(TASK_ID);
  });

  it('derives a deterministic uuid v5 from an idempotency key in the domain namespace', () => {
    const a = tasks.create('task.created.v1', createdPayload, { idempotencyKey: 'create-task:42' });
    const b = tasks.create('task.created.v1', createdPayload, {
      idempotencyKey: ['create-task', '42'],
    });
    const other = tasks.create('task.created.v1', createdPayload, {
      idempotencyKey: 'create-task:43',
    });
    // Computed by Python: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, 'tasks'), 'create-task:42')
    expect(a.event_id).toBe('90343388-5385-5113-a0c1-14a1a87800ff');
    expect(b.event_id).toBe(a.event_id);
    expect(other.event_id).not.toBe(a.event_id);
    expect(a.event_id).toBe(uuidv5('create-task:42', uuidv5('tasks', uuidv5.URL)));
    // The same key in another domain is another business action.
    const note = notes.create(
      'note.added',
      { note_id: TASK_ID, text: 'x' },
      { idempotencyKey: 'create-task:42' },
    );
    expect(note.event_id).not.toBe(a.event_id);
  });

  it('rejects an empty idempotency key and a key together with an explicit id', () => {
    expect(() => tasks.create('task.created.v1', createdPayload, { idempotencyKey: '' })).toThrow(
      'idempotencyKey must not be empty',
    );
    expect(() =>
      tasks.create('task.created.v1', createdPayload, { idempotencyKey: 'k', eventId: TASK_ID }),
    ).toThrow('Pass either eventId or idempotencyKey');
  });

  it('chains causedBy: copies the correlation id and points causation at the cause', () => {
    const first = tasks.create('task.created.v1', createdPayload, { userId: USER_ID });
    const second = tasks.create(
      'task.completed.v1',
      { task_id: TASK_ID, completed_at: '2026-11-27T11:00:00Z' },
      { causedBy: first },
    );
    const third = tasks.create(
      'task.completed.v1',
      { task_id: TASK_ID, completed_at: '2026-11-27T11:00:00Z' },
      { causedBy: second },
    );
    expect(second.correlation_id).toBe(first.event_id);
    expect(second.causation_id).toBe(first.event_id);
    expect(third.correlation_id).toBe(first.event_id);
    expect(third.causation_id).toBe(second.event_id);
    // user_id is not inherited: the follow-up is the system's action.
    expect(second.user_id).toBeNull();
  });

  it('chains from a cause without metadata by starting the chain at the cause', () => {
    const note = notes.create('note.added', { note_id: TASK_ID, text: 'x' });
    const event = tasks.create('task.created.v1', createdPayload, { causedBy: note });
    expect(event.correlation_id).toBe(note.event_id);
    expect(event.causation_id).toBe(note.event_id);
  });

  it('lets explicit ids win over causedBy', () => {
    const cause = tasks.create('task.created.v1', createdPayload);
    const event = tasks.create('task.created.v1', createdPayload, {
      causedBy: cause,
      correlationId: TASK_ID,
    });
    expect(event.correlation_id).toBe(TASK_ID);
    expect(event.causation_id).toBe(cause.event_id);
  });

  it('validates the payload and names every failing path', () => {
    const error = validationError(() =>
      tasks.create('task.created.v1', {
        ...createdPayload,
        task_id: 'nope',
        title: '',
        priority: 'urgent',
      } as never),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.eventType).toBe('task.created.v1');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'payload.task_id',
      'payload.title',
      'payload.priority',
    ]);
    expect(error.issues[0]).toEqual({
      path: 'payload.task_id',
      message: 'Invalid UUID',
      code: 'invalid_format',
    });
    expect(error.message).toMatch(
      /^Invalid task\.created\.v1 event: payload\.task_id: Invalid UUID; payload\.title: .+; payload\.priority: .+/,
    );
  });

  it('formats array indexes in paths', () => {
    const error = validationError(() =>
      tasks.create('task.created.v1', { ...createdPayload, tags: ['ok', 7] } as never),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['payload.tags[1]']);
  });

  it('rejects bad metadata options and timestamps as validation errors', () => {
    const error = validationError(() =>
      tasks.create('task.created.v1', createdPayload, {
        userId: 'alice',
        timestamp: new Date('nonsense'),
      }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['timestamp', 'user_id']);
  });

  it('throws UnknownEventTypeError for a type the domain does not define', () => {
    expect(() => tasks.create('task.deleted.v1' as never, createdPayload as never)).toThrow(
      UnknownEventTypeError,
    );
  });

  it('rejects metadata options in a domain without metadata', () => {
    expect(() =>
      notes.create('note.added', { note_id: TASK_ID, text: 'x' }, { userId: USER_ID } as never),
    ).toThrow('Domain notes has no metadata fields; remove option(s) userId');
  });

  it('keeps events of a domain without metadata free of metadata fields', () => {
    const note = notes.create('note.added', { note_id: TASK_ID, text: 'x' });
    expect(Object.keys(note)).toEqual([
      'event_id',
      'event_type',
      'schema_version',
      'timestamp',
      'payload',
    ]);
    expect(note.event_type).toBe('note.added');
  });
});

describe('frozen events', () => {
  it('deep-freezes created and validated events', () => {
    const event = tasks.create('task.created.v1', {
      ...createdPayload,
      tags: ['a'],
      recurrence: { frequency: 'weekly' },
    });
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.payload)).toBe(true);
    expect(Object.isFrozen(event.payload.tags)).toBe(true);
    expect(Object.isFrozen(event.payload.recurrence)).toBe(true);
    expect(() => {
      (event.payload.tags as string[]).push('b');
    }).toThrow(TypeError);
    expect(Object.isFrozen(tasks.validate(pydanticCreatedJson()).payload)).toBe(true);
  });

  it('does not freeze or change the caller’s input', () => {
    const input = pydanticCreatedJson({ extra: 1 });
    tasks.validate(input);
    expect(Object.isFrozen(input)).toBe(false);
    expect(input).toHaveProperty('extra', 1);
  });

  it('validates an event it created by identity (frozen, so unchanged), any copy in full', () => {
    const event = tasks.create('task.created.v1', createdPayload);
    expect(tasks.validate(event)).toBe(event);
    const copy = { ...event, payload: { ...event.payload, title: '' } };
    expect(validationError(() => tasks.validate(copy)).issues.map((i) => i.path)).toEqual([
      'payload.title',
    ]);
    // Another domain's events are not taken on trust either.
    expect(() => notes.validate(event)).toThrow(UnknownEventTypeError);
  });

  it('takes a freshly parsed event handed over as the event itself, frozen, when it can', () => {
    const text = JSON.stringify(tasks.create('task.created.v1', createdPayload));
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(validateParsedEvent(tasks, parsed)).toBe(parsed);
    expect(Object.isFrozen(parsed) && Object.isFrozen(parsed['payload'])).toBe(true);
    // Keys out of schema order (or unknown keys, or a default to fill in): a copy as Zod makes it.
    const reordered = Object.fromEntries(Object.entries(JSON.parse(text) as object).reverse());
    const event = validateParsedEvent(tasks, reordered);
    expect(event).not.toBe(reordered);
    expect(JSON.stringify(event)).toBe(text);
  });
});

describe('validate', () => {
  it('reads what a Pydantic producer writes', () => {
    const event = tasks.validate(pydanticCreatedJson());
    expect(event).toEqual(pydanticCreatedJson());
  });

  it('reads missing metadata as null and writes it back as null', () => {
    const input = pydanticCreatedJson();
    delete input.correlation_id;
    delete input.causation_id;
    delete input.user_id;
    const event = tasks.validate(input);
    expect(event.correlation_id).toBeNull();
    expect(event.user_id).toBeNull();
    expect(JSON.parse(tasks.serialize(event))).toMatchObject({
      correlation_id: null,
      causation_id: null,
      user_id: null,
    });
  });

  it('strips unknown envelope fields and unknown payload fields', () => {
    const event = tasks.validate(
      pydanticCreatedJson({ trace: 'x', payload: { ...createdPayload, colour: 'red' } }),
    );
    expect(event).not.toHaveProperty('trace');
    expect(event.payload).not.toHaveProperty('colour');
  });

  it('normalises an unversioned event_type using schema_version', () => {
    expect(tasks.validate(pydanticCreatedJson({ event_type: 'task.created' })).event_type).toBe(
      'task.created.v1',
    );
    const v2 = tasks.validate(
      pydanticCreatedJson({ event_type: 'task.created', schema_version: 2 }),
    );
    expect(v2.event_type).toBe('task.created.v2');
    expect(tasks.is(v2, 'task.created.v2') && v2.payload.assignee_id).toBeNull();
  });

  it('reports an unknown version of a known name as an unknown type', () => {
    const error = tasks.safeValidate(
      pydanticCreatedJson({ event_type: 'task.created', schema_version: 9 }),
    );
    expect(error.success).toBe(false);
    expect(!error.success && error.error).toBeInstanceOf(UnknownEventTypeError);
  });

  it('rejects a schema_version that contradicts the versioned type', () => {
    const error = validationError(() => tasks.validate(pydanticCreatedJson({ schema_version: 2 })));
    expect(error.issues.map((issue) => issue.path)).toEqual(['schema_version']);
  });

  it('throws UnknownEventTypeError naming the type and the known types', () => {
    let error: unknown;
    try {
      tasks.validate(pydanticCreatedJson({ event_type: 'task.archived.v1' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownEventTypeError);
    const unknownType = error as UnknownEventTypeError;
    expect(unknownType.code).toBe('UNKNOWN_EVENT_TYPE');
    expect(unknownType.eventType).toBe('task.archived.v1');
    expect(unknownType.knownTypes).toEqual(tasks.eventTypes);
    expect(unknownType.message).toBe(
      'Unknown event type "task.archived.v1"; known types: task.created.v1, task.created.v2, task.completed.v1',
    );
  });

  it('rejects a missing event_type and a non-object as validation errors', () => {
    const input = pydanticCreatedJson();
    delete input.event_type;
    expect(validationError(() => tasks.validate(input)).message).toBe(
      'Invalid event: event_type: Expected a string event type',
    );
    expect(validationError(() => tasks.validate([1])).message).toBe(
      'Invalid event: <root>: Expected an event object',
    );
  });

  it.each([
    ['no zone', '2026-11-27T10:15:30.123'],
    ['an offset', '2026-11-27T10:15:30.123+01:00'],
    ['a +00:00 offset', '2026-11-27T10:15:30+00:00'],
    ['a date only', '2026-11-27'],
  ])('rejects a timestamp with %s', (_label, timestamp) => {
    const error = validationError(() => tasks.validate(pydanticCreatedJson({ timestamp })));
    expect(error.issues).toEqual([
      { path: 'timestamp', message: 'Invalid ISO datetime', code: 'invalid_format' },
    ]);
  });

  it('rejects a non-integer schema_version and a bad event_id', () => {
    const error = validationError(() =>
      tasks.validate(pydanticCreatedJson({ schema_version: 1.5, event_id: 'x' })),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['event_id', 'schema_version']);
  });

  it('returns the error instead of throwing from safeValidate', () => {
    const ok = tasks.safeValidate(pydanticCreatedJson());
    expect(ok.success && ok.event.event_type).toBe('task.created.v1');
    const bad = tasks.safeValidate(pydanticCreatedJson({ payload: {} }));
    expect(bad.success).toBe(false);
    expect(!bad.success && bad.error).toBeInstanceOf(EventValidationError);
  });
});

describe('serialize and deserialize', () => {
  const event = tasks.create('task.created.v1', {
    ...createdPayload,
    description: 'Quarterly',
    priority: 'high',
    tags: ['work', 'q4'],
    due_date: '2026-12-01T09:00:00Z',
    recurrence: { frequency: 'monthly', interval: 3 },
  });

  it('round-trips through a string, a Buffer and a Uint8Array', () => {
    const json = tasks.serialize(event);
    expect(tasks.deserialize(json)).toEqual(event);
    expect(tasks.deserialize(Buffer.from(json))).toEqual(event);
    expect(tasks.deserialize(new TextEncoder().encode(json))).toEqual(event);
  });

  it('round-trips every event type', () => {
    const events: TaskEvent[] = [
      event,
      tasks.create('task.created.v2', { ...createdPayload, assignee_id: USER_ID }),
      tasks.create('task.completed.v1', {
        task_id: TASK_ID,
        completed_at: '2026-11-27T12:00:00.5Z',
      }),
    ];
    for (const original of events)
      expect(tasks.deserialize(tasks.serialize(original))).toEqual(original);
  });

  it('writes snake_case wire names', () => {
    expect(JSON.parse(tasks.serialize(event)).payload).toMatchObject({
      task_id: TASK_ID,
      due_date: '2026-12-01T09:00:00Z',
    });
  });

  it('refuses to serialize an invalid event', () => {
    const forged = { ...event, payload: { ...event.payload, title: '' } } as TaskEvent;
    expect(() => tasks.serialize(forged)).toThrow(EventValidationError);
  });

  it('throws EventDecodeError for invalid UTF-8 with the decoder error as cause', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"event_id":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    let error: unknown;
    try {
      tasks.deserialize(bytes);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EventDecodeError);
    expect((error as EventDecodeError).code).toBe('DECODE_FAILED');
    expect((error as EventDecodeError).message).toBe('Event is not valid UTF-8');
    // Node's decoder error (from jest's outer realm, so checked by code rather than instanceof).
    expect((error as EventDecodeError).cause).toHaveProperty(
      'code',
      'ERR_ENCODING_INVALID_ENCODED_DATA',
    );
  });

  it('throws EventDecodeError for bad JSON and for JSON that is not an object', () => {
    expect(() => tasks.deserialize('{"event_id":')).toThrow(/^Event is not valid JSON: /);
    expect(() => tasks.deserialize('[]')).toThrow('Event must be a JSON object, got an array');
    expect(() => tasks.deserialize('null')).toThrow('Event must be a JSON object, got null');
    expect(() => tasks.deserialize('"text"')).toThrow(EventDecodeError);
  });

  it('passes validation errors through', () => {
    expect(() => tasks.deserialize(JSON.stringify(pydanticCreatedJson({ payload: {} })))).toThrow(
      EventValidationError,
    );
  });
});

describe('keyOf, is and bound methods', () => {
  it('returns the payload key field', () => {
    const event = tasks.create('task.created.v1', createdPayload);
    expect(tasks.keyOf(event)).toBe(TASK_ID);
  });

  it('narrows with is()', () => {
    const event: TaskEvent = tasks.validate(pydanticCreatedJson());
    expect(tasks.is(event, 'task.created.v1')).toBe(true);
    expect(tasks.is(event, 'task.completed.v1')).toBe(false);
  });

  it('works with destructured methods', () => {
    const { create, serialize, deserialize, keyOf, validate } = tasks;
    const event = create('task.created.v1', createdPayload);
    expect(validate(deserialize(serialize(event)))).toEqual(event);
    expect(keyOf(event)).toBe(TASK_ID);
  });
});
