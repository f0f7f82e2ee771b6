/** `kafka-events compat <previous.json>... <new.json>`: the checker over any JSON Schema files. */
import { checkSchemaFiles } from '../compat/check-files';
import { LIMITS_HELP } from '../compat/limits';
import { formatHuman, toJsonReport } from '../compat/report';
import { COMPATIBILITY_MODES, isCompatibilityMode, type CompatibilityMode } from '../compat/types';
import { EXIT_INCOMPATIBLE, EXIT_OK, UsageError, type Command } from './command';
import { DEBUG_ENV } from './failure';

export function parseMode(value: string | undefined): CompatibilityMode {
  if (value === undefined) return 'BACKWARD';
  const mode = value.trim().toUpperCase().replace(/-/g, '_');
  if (!isCompatibilityMode(mode))
    throw new UsageError(
      `unknown --mode "${value}" (expected one of ${COMPATIBILITY_MODES.join(', ')})`,
    );
  return mode;
}

export const compatCommand: Command = {
  name: 'compat',
  synopsis: 'compat <previous.json>... <new.json>',
  summary:
    "check a JSON Schema against its previous versions\nwith Confluent Schema Registry's rules",
  help: `Usage: kafka-events compat <previous.json>... <new.json> [--mode <MODE>] [--json] [--verbose]

The last file is the new schema; the files before it are the previous versions, oldest first.

Options:
  -m, --mode <MODE>  ${COMPATIBILITY_MODES.join(', ')} (default BACKWARD)
      --json         print a machine-readable report on stdout
  -v, --verbose      also list compatible differences
  -h, --help         show this help

${LIMITS_HELP}

Exit status: 0 compatible, 1 incompatible, 2 bad input or internal error
(one line on stderr; ${DEBUG_ENV}=1 adds the stack trace).
`,
  options: {
    mode: { type: 'string', short: 'm' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
  run(files, values, io) {
    const mode = parseMode(values.mode as string | undefined);
    if (files.length < 2)
      throw new UsageError(
        `compat needs at least 2 files (previous versions, then the new schema), got ${files.length}`,
      );
    const { result, sources } = checkSchemaFiles({
      previous: files.slice(0, -1),
      next: files[files.length - 1],
      mode,
      readFile: io.readFile,
    });
    if (values.json) io.stdout(`${JSON.stringify(toJsonReport(result, sources), null, 2)}\n`);
    else
      io.stdout(
        `${formatHuman(result, sources, { verbose: values.verbose === true }).join('\n')}\n`,
      );
    return result.compatible ? EXIT_OK : EXIT_INCOMPATIBLE;
  },
};
