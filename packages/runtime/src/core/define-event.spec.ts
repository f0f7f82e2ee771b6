import { z } from 'zod';
import { defineEvent } from './define-event';

const payload = z.object({ id: z.uuid() });

describe('defineEvent', () => {
  it('returns a frozen definition', () => {
    const definition = defineEvent({
      type: 'thing.made.v2',
      name: 'thing.made',
      version: 2,
      key: 'id',
      payload,
    });
    expect(definition).toEqual({
      type: 'thing.made.v2',
      name: 'thing.made',
      version: 2,
      key: 'id',
      payload,
    });
    expect(Object.isFrozen(definition)).toBe(true);
  });

  it('accepts an unversioned type equal to the name', () => {
    expect(
      defineEvent({ type: 'thing.made', name: 'thing.made', version: 3, key: 'id', payload }).type,
    ).toBe('thing.made');
  });

  it('rejects a type that matches neither name nor name.v<version>', () => {
    expect(() =>
      defineEvent({ type: 'thing.made.v1', name: 'thing.made', version: 2, key: 'id', payload }),
    ).toThrow(
      'Event thing.made.v1: type must be "thing.made.v2" (versioned) or "thing.made" (unversioned)',
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects version %p', (version) => {
    expect(() =>
      defineEvent({ type: 'thing.made', name: 'thing.made', version, key: 'id', payload }),
    ).toThrow('version must be a positive integer');
  });

  it('rejects a key that is not a payload field', () => {
    expect(() =>
      defineEvent({ type: 'x', name: 'x', version: 1, key: 'idd' as 'id', payload }),
    ).toThrow('Event x: key "idd" is not a payload field (fields: id)');
  });
});
