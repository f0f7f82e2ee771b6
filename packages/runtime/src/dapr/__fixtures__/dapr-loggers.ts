/** Loggers for the Dapr handler specs: one that keeps still, one that records each decision. */
import type { DaprLogger } from '../handler';

/** Handlers' decisions are asserted through Kafka and the recording apps, not their logs. */
export const quietLogger: DaprLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Keeps every line, so a spec can assert a decision and its reason. */
export function recordingLogger() {
  const lines: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, details?: Record<string, unknown>) =>
    void lines.push({ level, message, details });
  const logger: DaprLogger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}
