/**
 * For the specs proving that credentials stay out of output: recognisable secret values, a
 * capture of everything printed or logged (console, kafkajs' log creator, runtime loggers) and of
 * every error in every form a user might print it (message, stack, JSON.stringify, util.inspect
 * with its `cause` chain), and the search for the secrets in all of it. Specs only.
 */
import { randomUUID } from 'node:crypto';
import { inspect, format } from 'node:util';
import type { logCreator } from 'kafkajs';
import type { EventLogger } from '../kafka/logger';

/** A value no output contains by chance. */
export const secretValue = (what: string): string => `s3cr3t-${what}-${randomUUID()}`;

export class OutputCapture {
  readonly texts: string[] = [];
  readonly errors: unknown[] = [];
  private readonly restores: (() => void)[] = [];

  /** Everything console prints from now until restore(). */
  captureConsole(): void {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        this.texts.push(format(...args));
      });
      this.restores.push(() => spy.mockRestore());
    }
  }

  restore(): void {
    for (const restore of this.restores.splice(0)) restore();
  }

  /** kafkajs' own log lines, every field of each entry. */
  readonly kafkaLogCreator: logCreator = () => (entry) => {
    this.texts.push(JSON.stringify(entry));
    this.texts.push(inspect(entry, { depth: Infinity }));
  };

  /** A runtime logger that keeps message and fields as JSON and as util.inspect shows them. */
  readonly logger: EventLogger = {
    debug: (message, fields) => this.keepLine(message, fields),
    info: (message, fields) => this.keepLine(message, fields),
    warn: (message, fields) => this.keepLine(message, fields),
    error: (message, fields) => this.keepLine(message, fields),
  };

  private keepLine(message: string, fields?: unknown): void {
    this.texts.push(message, JSON.stringify(fields) ?? '', inspect(fields, { depth: Infinity }));
  }

  /** Runs `fn` and keeps what it throws or rejects with; returns the error (undefined: none). */
  async failure(fn: () => unknown): Promise<unknown> {
    try {
      await fn();
      return undefined;
    } catch (error) {
      this.errors.push(error);
      return error;
    }
  }

  keepError(error: unknown): void {
    this.errors.push(error);
  }

  /** Every text captured plus every error as message, stack, JSON and inspect (causes included). */
  allOutput(): string[] {
    const out = [...this.texts];
    for (const error of this.errors) {
      out.push(inspect(error, { depth: Infinity, showHidden: true }));
      out.push(String(error));
      for (let e: unknown = error, hops = 0; e !== undefined && e !== null && hops < 10; hops++) {
        const current = e as { message?: unknown; stack?: unknown; cause?: unknown };
        out.push(String(current.message), String(current.stack));
        out.push(JSON.stringify(e, Object.getOwnPropertyNames(e)) ?? '');
        e = current.cause ?? (current as { originalError?: unknown }).originalError;
      }
    }
    return out;
  }

  /** The secrets found in the output, each with the start of the text that holds it. */
  leaks(secrets: readonly string[]): string[] {
    const found: string[] = [];
    for (const text of this.allOutput()) {
      for (const secret of secrets) {
        if (text.includes(secret)) found.push(`${secret} in: ${text.slice(0, 300)}`);
      }
    }
    return found;
  }
}
