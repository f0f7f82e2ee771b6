/**
 * Headers this library adds to every record besides the CloudEvents binding's, with the same
 * names in both content modes, so routing and filtering never depend on the mode or on parsing
 * the value.
 */
export const EVENT_HEADERS = Object.freeze({
  eventType: 'x-event-type',
  eventId: 'x-event-id',
  correlationId: 'x-correlation-id',
});

export function eventHeaders(event: {
  readonly event_type: string;
  readonly event_id: string;
  readonly correlation_id?: string | null;
}): Record<string, string> {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventType]: event.event_type,
    [EVENT_HEADERS.eventId]: event.event_id,
  };
  // Domains without metadata have no correlation id; null means "none" and adds no header.
  if (typeof event.correlation_id === 'string')
    headers[EVENT_HEADERS.correlationId] = event.correlation_id;
  return headers;
}
