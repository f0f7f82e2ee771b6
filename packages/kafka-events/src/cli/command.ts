/** What every `kafka-events` sub-command module provides, and the helpers they share. */
import { KafkaEventsPluginError } from '../errors/plugin-error';
import type { ParseArgsConfig } from 'node:util';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile?(path: string): string;
}

export const EXIT_OK = 0;
/** compat/check: incompatible; schemas --check: files out of date. */
export const EXIT_INCOMPATIBLE = 1;
/** Bad input, or any other failure (an internal error too): never a verdict. */
export const EXIT_BAD_INPUT = 2;

/** Wrong arguments: printed without a stack trace, exit 2. */
export class UsageError extends KafkaEventsPluginError {
  override name = 'UsageError';
  constructor(message: string) {
    super('USAGE', message);
  }
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  /** One line for the main help. */
  synopsis: string;
  summary: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** A promise when the command talks to a Kafka cluster (topics). */
  run(positionals: string[], values: OptionValues, io: CliIO): number | Promise<number>;
}

/** The single project root the contract commands take. */
export function oneProjectRoot(command: string, positionals: string[]): string {
  if (positionals.length !== 1) {
    throw new UsageError(
      `${command} needs exactly one project root (the folder holding kafka-events.json), got ${positionals.length}`,
    );
  }
  return positionals[0].replace(/[\\/]+$/, '') || '.';
}
