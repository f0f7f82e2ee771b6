import { deadLetterMessage, DLQ_HEADERS, errorCode } from './dead-letter';

describe('deadLetterMessage', () => {
  it('keeps key, value and headers and adds the reason', () => {
    const key = Buffer.from('k1');
    const value = Buffer.from('{"x":1}');
    const message = deadLetterMessage(
      { topic: 't', partition: 3, offset: '42' },
      {
        key,
        value,
        headers: { 'content-type': Buffer.from('application/json'), gone: undefined },
        timestamp: '1700000000000',
      },
      { code: 'VALIDATION_FAILED', message: 'x'.repeat(5000), attempts: 0 },
      'group-1',
      new Date('2026-11-27T10:00:00.000Z'),
    );
    expect(message.key).toBe(key);
    expect(message.value).toBe(value);
    const headers = message.headers!;
    expect(headers['content-type']).toEqual(Buffer.from('application/json'));
    expect('gone' in headers).toBe(false);
    expect(headers).toMatchObject({
      [DLQ_HEADERS.errorCode]: 'VALIDATION_FAILED',
      [DLQ_HEADERS.originalTopic]: 't',
      [DLQ_HEADERS.originalPartition]: '3',
      [DLQ_HEADERS.originalOffset]: '42',
      [DLQ_HEADERS.originalTimestamp]: '1700000000000',
      [DLQ_HEADERS.attempts]: '0',
      [DLQ_HEADERS.failedAt]: '2026-11-27T10:00:00.000Z',
      [DLQ_HEADERS.consumerGroup]: 'group-1',
    });
    expect((headers[DLQ_HEADERS.error] as string).length).toBe(2000);
  });

  it('reads an error code from anything thrown', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'E_X' }), 'F')).toBe('E_X');
    expect(errorCode('boom', 'F')).toBe('F');
    expect(errorCode(null, 'F')).toBe('F');
  });
});
