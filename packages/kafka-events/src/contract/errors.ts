/**
 * A domain library's contract cannot be read: kafka-events.json is missing or invalid, a payload
 * module fails to load, or a symbol is not a zod schema. The message names the file (and symbol),
 * so the CLI reports it as bad input (exit 2) without a stack trace.
 */
import { KafkaEventsPluginError } from '../errors/plugin-error';

export class ContractInputError extends KafkaEventsPluginError {
  override name = 'ContractInputError';
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('CONTRACT_INPUT', `${file}: ${detail}`, options);
  }
}
