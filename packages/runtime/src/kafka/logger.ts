/**
 * The logging seam of the kafkajs producer and consumer. Fields always carry the record position
 * (topic, partition, offset) when there is one, so a log line leads straight to the message.
 */
export type LogFields = Readonly<Record<string, unknown>>;

export interface EventLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function format(message: string, fields?: LogFields): string {
  if (fields === undefined) return `[kafka-events] ${message}`;
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `[kafka-events] ${message} ${parts.join(' ')}`;
}

/** Default logger: info and above to the console (stderr for warnings and errors), no debug. */
export const consoleLogger: EventLogger = {
  debug: () => undefined,
  info: (message, fields) => console.info(format(message, fields)),
  warn: (message, fields) => console.warn(format(message, fields)),
  error: (message, fields) => console.error(format(message, fields)),
};

/** A logger that drops everything (benchmarks, tests that assert through other means). */
export const silentLogger: EventLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
