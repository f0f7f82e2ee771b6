/**
 * Errors thrown by the runtime. Every error carries a stable `code` so callers (and other
 * languages reading logs or dead-letter headers) can branch on it without parsing messages.
 */

/** One failing field of an event, with a dotted path such as `payload.task_id`. */
export interface EventIssue {
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

export class KafkaEventsError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    // An explicit name survives minification, unlike constructor.name.
    this.name = 'KafkaEventsError';
    // Native class inheritance from Error already keeps the prototype chain on ES2022; this also
    // keeps `instanceof` working if a consumer re-compiles the sources to ES5.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export class EventValidationError extends KafkaEventsError {
  declare readonly code: 'VALIDATION_FAILED';
  readonly issues: readonly EventIssue[];
  readonly eventType?: string;

  constructor(issues: readonly EventIssue[], eventType?: string) {
    const subject = eventType === undefined ? 'event' : `${eventType} event`;
    const details = issues.map((issue) => `${issue.path || '<root>'}: ${issue.message}`).join('; ');
    super('VALIDATION_FAILED', `Invalid ${subject}: ${details}`);
    this.name = 'EventValidationError';
    this.issues = Object.freeze([...issues]);
    this.eventType = eventType;
  }
}

export class UnknownEventTypeError extends KafkaEventsError {
  declare readonly code: 'UNKNOWN_EVENT_TYPE';
  readonly eventType: string;
  readonly knownTypes: readonly string[];

  constructor(eventType: string, knownTypes: readonly string[]) {
    super(
      'UNKNOWN_EVENT_TYPE',
      `Unknown event type "${eventType}"; known types: ${knownTypes.join(', ')}`,
    );
    this.name = 'UnknownEventTypeError';
    this.eventType = eventType;
    this.knownTypes = Object.freeze([...knownTypes]);
  }
}

/** The bytes could not be turned into a JSON object (bad UTF-8, bad JSON, not an object). */
export class EventDecodeError extends KafkaEventsError {
  declare readonly code: 'DECODE_FAILED';

  constructor(message: string, options?: ErrorOptions) {
    super('DECODE_FAILED', message, options);
    this.name = 'EventDecodeError';
  }
}
