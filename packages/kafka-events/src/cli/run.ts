/** The `kafka-events` command line: argument parsing and printing over the compat library. */
import { parseArgs } from 'node:util';
import { checkSchemaFiles } from '../compat/check-files';
import { SchemaInputError } from '../compat/load-schema';
import { formatHuman, toJsonReport } from '../compat/report';
import { COMPATIBILITY_MODES, isCompatibilityMode, type CompatibilityMode } from '../compat/types';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile?(path: string): string;
}

export const EXIT_OK = 0;
export const EXIT_INCOMPATIBLE = 1;
export const EXIT_BAD_INPUT = 2;

const MAIN_HELP = `Usage: kafka-events <command> [options]

Commands:
  compat <previous.json>... <new.json>   check a JSON Schema against its previous versions
                                         with Confluent Schema Registry's rules

Options:
  -h, --help   show help (also: kafka-events compat --help)
`;

const COMPAT_HELP = `Usage: kafka-events compat <previous.json>... <new.json> [--mode <MODE>] [--json] [--verbose]

The last file is the new schema; the files before it are the previous versions, oldest first.

Options:
  -m, --mode <MODE>  ${COMPATIBILITY_MODES.join(', ')} (default BACKWARD)
      --json         print a machine-readable report on stdout
  -v, --verbose      also list compatible differences
  -h, --help         show this help

Exit status: 0 compatible, 1 incompatible, 2 bad input.
`;

class UsageError extends Error {}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        mode: { type: 'string', short: 'm' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseMode(value: string | undefined): CompatibilityMode {
  if (value === undefined) return 'BACKWARD';
  const mode = value.trim().toUpperCase().replace(/-/g, '_');
  if (!isCompatibilityMode(mode)) throw new UsageError(`unknown --mode "${value}" (expected one of ${COMPATIBILITY_MODES.join(', ')})`);
  return mode;
}

function compat(files: string[], values: { mode?: string; json: boolean; verbose: boolean }, io: CliIO): number {
  const mode = parseMode(values.mode);
  if (files.length < 2) throw new UsageError(`compat needs at least 2 files (previous versions, then the new schema), got ${files.length}`);
  const { result, sources } = checkSchemaFiles({ previous: files.slice(0, -1), next: files[files.length - 1], mode, readFile: io.readFile });
  if (values.json) io.stdout(`${JSON.stringify(toJsonReport(result, sources), null, 2)}\n`);
  else io.stdout(`${formatHuman(result, sources, { verbose: values.verbose }).join('\n')}\n`);
  return result.compatible ? EXIT_OK : EXIT_INCOMPATIBLE;
}

export function run(argv: readonly string[], io: CliIO): number {
  try {
    const { values, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (command === undefined) {
      (values.help ? io.stdout : io.stderr)(MAIN_HELP);
      return values.help ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (command !== 'compat') throw new UsageError(`unknown command "${command}" (try: kafka-events compat --help)`);
    if (values.help) {
      io.stdout(COMPAT_HELP);
      return EXIT_OK;
    }
    return compat(rest, values, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SchemaInputError) {
      io.stderr(`kafka-events: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
