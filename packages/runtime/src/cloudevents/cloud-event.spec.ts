import { CloudEvent } from 'cloudevents';
import {
  createdPayload,
  notes,
  pydanticCreatedJson,
  TASK_ID,
  tasks,
  USER_ID,
} from '../core/__fixtures__/tasks-domain';
import { EventDecodeError, EventValidationError, UnknownEventTypeError } from '../core/errors';
import { fromCloudEvent, toCloudEvent } from './cloud-event';

const cause = tasks.create('task.created.v1', createdPayload);
const event = tasks.create(
  'task.created.v1',
  { ...createdPayload, tags: ['x'] },
  { userId: USER_ID, causedBy: cause },
);

describe('toCloudEvent', () => {
  it('maps the envelope to CloudEvents attributes and keeps the whole envelope as data', () => {
    expect(toCloudEvent(tasks, event)).toEqual({
      specversion: '1.0',
      id: event.event_id,
      source: '/tasks',
      type: 'task.created.v1',
      subject: TASK_ID,
      time: event.timestamp,
      datacontenttype: 'application/json',
      data: event,
      correlationid: cause.event_id,
      causationid: cause.event_id,
      userid: USER_ID,
    });
  });

  it('omits extensions for absent metadata and in domains without metadata', () => {
    const first = toCloudEvent(tasks, cause);
    expect(first).toHaveProperty('correlationid', cause.event_id);
    expect(first).not.toHaveProperty('causationid');
    expect(first).not.toHaveProperty('userid');
    const note = toCloudEvent(notes, notes.create('note.added', { note_id: TASK_ID, text: 'x' }));
    expect(Object.keys(note).sort()).toEqual(
      ['data', 'datacontenttype', 'id', 'source', 'specversion', 'subject', 'time', 'type'].sort(),
    );
  });

  it('passes the strict validation of the cloudevents SDK', () => {
    const strict = new CloudEvent({ ...toCloudEvent(tasks, event) }, true);
    expect(strict.validate()).toBe(true);
    expect(strict['correlationid']).toBe(cause.event_id);
    expect(strict.data).toEqual(event);
  });

  it('refuses an invalid event', () => {
    const forged = { ...event, payload: { ...event.payload, task_id: 'nope' } };
    expect(() => toCloudEvent(tasks, forged)).toThrow(EventValidationError);
  });
});

describe('fromCloudEvent', () => {
  const cloudEvent = toCloudEvent(tasks, event);

  it('round-trips a domain event', () => {
    const back = fromCloudEvent(tasks, JSON.parse(JSON.stringify(cloudEvent)));
    expect(back).toEqual(event);
    expect(Object.isFrozen(back)).toBe(true);
  });

  it('reads data given as a JSON string or as data_base64', () => {
    const json = JSON.stringify(event);
    expect(fromCloudEvent(tasks, { ...cloudEvent, data: json })).toEqual(event);
    const { data: _data, ...attributes } = cloudEvent;
    expect(
      fromCloudEvent(tasks, { ...attributes, data_base64: Buffer.from(json).toString('base64') }),
    ).toEqual(event);
  });

  it('trusts the envelope over the attributes Dapr rewrites', () => {
    // Dapr wraps an application/json publish in its own CloudEvent id and type.
    const dapr = {
      ...cloudEvent,
      id: 'dapr-generated',
      type: 'com.dapr.event.sent',
      topic: 'task-events',
    };
    expect(fromCloudEvent(tasks, dapr)).toEqual(event);
  });

  it('reads a Pydantic envelope with an unversioned type inside a CloudEvent', () => {
    const data = pydanticCreatedJson({ event_type: 'task.created' });
    expect(fromCloudEvent(tasks, { ...cloudEvent, data }).event_type).toBe('task.created.v1');
  });

  it('names what is wrong with a CloudEvent it cannot read', () => {
    expect(() => fromCloudEvent(tasks, 'text')).toThrow('A CloudEvent must be a JSON object');
    expect(() => fromCloudEvent(tasks, { ...cloudEvent, specversion: '0.3' })).toThrow(
      'Unsupported CloudEvents specversion "0.3"; expected "1.0"',
    );
    expect(() => fromCloudEvent(tasks, { ...cloudEvent, data: undefined })).toThrow(
      `CloudEvent ${event.event_id} has no data; expected the event envelope`,
    );
    expect(() => fromCloudEvent(tasks, { ...cloudEvent, data: [1] })).toThrow(EventDecodeError);
    expect(() => fromCloudEvent(tasks, { ...cloudEvent, data: '{"x":' })).toThrow(
      /^CloudEvent data is not valid JSON/,
    );
    const { data: _data, ...attributes } = cloudEvent;
    expect(() =>
      fromCloudEvent(tasks, { ...attributes, data_base64: Buffer.from([0xff]).toString('base64') }),
    ).toThrow('CloudEvent data_base64 is not valid UTF-8');
    expect(() =>
      fromCloudEvent(tasks, { ...cloudEvent, data: pydanticCreatedJson({ event_type: 'x.v1' }) }),
    ).toThrow(UnknownEventTypeError);
  });
});
