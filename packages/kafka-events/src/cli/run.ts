/** The `kafka-events` command line: picks the sub-command, parses its options, maps errors to exit 2. */
import { parseArgs } from 'node:util';
import { checkCommand } from './check-command';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError, type CliIO, type Command } from './command';
import { compatCommand } from './compat-command';
import { failureReport } from './failure';
import { flowCommand } from './flow-command';
import { schemasCommand } from './schemas-command';
import { topicsCommand } from './topics-command';

export { EXIT_BAD_INPUT, EXIT_INCOMPATIBLE, EXIT_OK, type CliIO } from './command';

const COMMANDS: readonly Command[] = [
  compatCommand,
  schemasCommand,
  checkCommand,
  topicsCommand,
  flowCommand,
];

function mainHelp(): string {
  const rows = COMMANDS.map((c) => {
    const [first, ...more] = c.summary.split('\n');
    const pad = ' '.repeat(41);
    return [`  ${c.synopsis.padEnd(38)} ${first}`, ...more.map((line) => `${pad}${line}`)].join(
      '\n',
    );
  });
  return `Usage: kafka-events <command> [options]

Commands:
${rows.join('\n')}

Options:
  -h, --help   show help (also: kafka-events <command> --help)
`;
}

function parse(argv: readonly string[], command: Command | undefined) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...(command?.options ?? {}),
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function run(argv: readonly string[], io: CliIO): number | Promise<number> {
  try {
    const name = argv.find((arg) => !arg.startsWith('-'));
    const command = COMMANDS.find((c) => c.name === name);
    if (name !== undefined && !command) {
      throw new UsageError(
        `unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}; try: kafka-events --help)`,
      );
    }
    const { values, positionals } = parse(argv, command);
    if (!command) {
      (values.help ? io.stdout : io.stderr)(mainHelp());
      return values.help ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (values.help) {
      io.stdout(command.help);
      return EXIT_OK;
    }
    const exit = command.run(positionals.slice(1), values, io);
    return typeof exit === 'number' ? exit : exit.catch((error: unknown) => failed(error, io));
  } catch (error) {
    return failed(error, io);
  }
}

function failed(error: unknown, io: CliIO): number {
  // Every failure, a bug included, is exit 2: exit 1 would read as a verdict.
  io.stderr(failureReport(error, process.env));
  return EXIT_BAD_INPUT;
}
