import {
  EventDecodeError,
  EventValidationError,
  KafkaEventsError,
  UnknownEventTypeError,
} from './errors';

// ts-jest compiles this file and errors.ts like the build does (ES2022, CommonJS), so these
// instanceof checks cover the published output.
describe('errors', () => {
  it('keeps the prototype chain, name and code of each error', () => {
    const cases: [KafkaEventsError, abstract new (...args: never[]) => Error, string, string][] = [
      [
        new EventValidationError([]),
        EventValidationError,
        'EventValidationError',
        'VALIDATION_FAILED',
      ],
      [
        new UnknownEventTypeError('x', []),
        UnknownEventTypeError,
        'UnknownEventTypeError',
        'UNKNOWN_EVENT_TYPE',
      ],
      [new EventDecodeError('bad'), EventDecodeError, 'EventDecodeError', 'DECODE_FAILED'],
      [new KafkaEventsError('CUSTOM', 'custom'), KafkaEventsError, 'KafkaEventsError', 'CUSTOM'],
    ];
    for (const [error, type, name, code] of cases) {
      expect(error).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(KafkaEventsError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(error.stack).toContain(name);
    }
  });

  it('lists every failing path in a validation message', () => {
    const error = new EventValidationError(
      [
        { path: 'payload.task_id', message: 'Invalid UUID', code: 'invalid_format' },
        { path: 'payload.title', message: 'Too small', code: 'too_small' },
      ],
      'task.created.v1',
    );
    expect(error.message).toBe(
      'Invalid task.created.v1 event: payload.task_id: Invalid UUID; payload.title: Too small',
    );
    expect(error.eventType).toBe('task.created.v1');
    expect(Object.isFrozen(error.issues)).toBe(true);
  });

  it('names the root when the whole value is wrong', () => {
    const error = new EventValidationError([
      { path: '', message: 'Expected an event object', code: 'invalid_type' },
    ]);
    expect(error.message).toBe('Invalid event: <root>: Expected an event object');
    expect(error.eventType).toBeUndefined();
  });

  it('names the unknown type and the known ones', () => {
    const error = new UnknownEventTypeError('a.v9', ['a.v1', 'b.v1']);
    expect(error.message).toBe('Unknown event type "a.v9"; known types: a.v1, b.v1');
    expect(error.eventType).toBe('a.v9');
    expect(error.knownTypes).toEqual(['a.v1', 'b.v1']);
  });

  it('keeps the cause of a decode error', () => {
    const cause = new SyntaxError('Unexpected end of JSON input');
    expect(new EventDecodeError('Event is not valid JSON', { cause }).cause).toBe(cause);
  });
});
