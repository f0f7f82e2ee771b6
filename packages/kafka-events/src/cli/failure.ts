/**
 * How the CLI reports a failure, whatever was thrown: one line on stderr and exit 2, never exit 1,
 * which means "incompatible" to CI. Errors thrown on purpose (KafkaEventsPluginError, with a
 * code) are bad input and print their message; anything else is a bug, printed as an internal
 * error. The stack trace is printed only when asked for.
 */
import { KafkaEventsPluginError } from '../errors/plugin-error';

export const DEBUG_ENV = 'KAFKA_EVENTS_DEBUG';

/** Past this, a message is cut: a megabyte of input must not become a megabyte of stderr. */
export const MAX_MESSAGE_LENGTH = 2000;

/** Newlines (git's stderr, a multi-line cause) become "; " so the reason stays one line. */
export function oneLine(text: string): string {
  const line = text.trim().replace(/\s*[\r\n]+\s*/g, '; ');
  return line.length > MAX_MESSAGE_LENGTH
    ? `${line.slice(0, MAX_MESSAGE_LENGTH)}… (${line.length} characters)`
    : line;
}

export function failureReport(error: unknown, env: NodeJS.ProcessEnv): string {
  const debug = Boolean(env[DEBUG_ENV]) && env[DEBUG_ENV] !== '0';
  const stack = debug && error instanceof Error && error.stack ? `${error.stack}\n` : '';
  if (error instanceof KafkaEventsPluginError)
    return `kafka-events: ${oneLine(error.message)}\n${stack}`;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const hint = debug ? '' : ` (set ${DEBUG_ENV}=1 to print the stack trace)`;
  return `kafka-events: internal error: ${oneLine(what)}${hint}\n${stack}`;
}
