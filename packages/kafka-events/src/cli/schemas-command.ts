/** `kafka-events schemas <projectRoot> [--check]`: writes (or checks) the contract snapshots and asyncapi.yaml. */
import { join } from 'node:path';
import { loadDomainContract } from '../contract/load-contract';
import { expectedFiles, fileState, writeOwnedFile } from '../contract/outputs';
import { EXIT_INCOMPATIBLE, EXIT_OK, oneProjectRoot, type Command } from './command';
import { DEBUG_ENV } from './failure';

export const schemasCommand: Command = {
  name: 'schemas',
  synopsis: 'schemas <projectRoot> [--check]',
  summary:
    "write a domain library's JSON Schema snapshots\n(schemas/<type>.json) and asyncapi.yaml",
  help: `Usage: kafka-events schemas <projectRoot> [--check]

Reads kafka-events.json and the zod payload schemas of the domain library at <projectRoot>
(TypeScript source, no build needed) and writes schemas/<event type>.v<N>.json (JSON Schema
2020-12, the published contract) and asyncapi.yaml (AsyncAPI 3.0.0). Files whose content is
already right are left untouched, whatever their layout.

Options:
      --check   write nothing; exit 1 listing missing or stale files
  -h, --help    show this help

Exit status: 0 done (or up to date), 1 out of date (--check), 2 bad input or internal error
(one line on stderr; ${DEBUG_ENV}=1 adds the stack trace).
`,
  options: { check: { type: 'boolean', default: false } },
  run(positionals, values, io) {
    const projectRoot = oneProjectRoot('schemas', positionals);
    const contract = loadDomainContract(projectRoot);
    const files = expectedFiles(contract).map((file) => ({
      file,
      state: fileState(projectRoot, file),
    }));
    const outdated = files.filter((f) => f.state !== 'current');
    if (values.check) {
      if (outdated.length === 0) {
        io.stdout(`${projectRoot}: ${files.length} contract files up to date\n`);
        return EXIT_OK;
      }
      for (const { file, state } of outdated)
        io.stdout(`${join(projectRoot, file.path)}: ${state}\n`);
      io.stdout(
        `${outdated.length} of ${files.length} contract files are out of date; run \`kafka-events schemas ${projectRoot}\` (the events-schemas target) and commit them\n`,
      );
      return EXIT_INCOMPATIBLE;
    }
    for (const { file, state } of outdated) {
      writeOwnedFile(projectRoot, file);
      io.stdout(`${state === 'missing' ? 'created' : 'updated'} ${join(projectRoot, file.path)}\n`);
    }
    io.stdout(
      `${projectRoot}: ${outdated.length} written, ${files.length - outdated.length} unchanged\n`,
    );
    return EXIT_OK;
  },
};
