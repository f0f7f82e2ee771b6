/** `kafka-events flow [--json] [--out flow.html]`: who produces and who consumes each event version. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventFlow } from '../flow/model';
import { nxWorkspace } from '../flow/nx-workspace';
import { renderFlowPage } from '../flow/page/render-page';
import { readEventFlow } from '../flow/read-flow';
import { flowTable } from '../flow/text-table';
import type { FlowWorkspace } from '../flow/workspace';
import { EXIT_OK, UsageError, type CliIO, type Command, type OptionValues } from './command';
import { DEBUG_ENV } from './failure';

/** The workspace the command reads; specs give one of their own. */
export type LoadWorkspace = (workspaceRoot: string) => Promise<FlowWorkspace>;

export function flowCommandWith(loadWorkspace: LoadWorkspace): Command {
  return {
    name: 'flow',
    synopsis: 'flow [--json] [--out <file.html>]',
    summary:
      'who produces and who consumes each event version,\nread from the code of every project',
    help: `Usage: kafka-events flow [--json] [--out <file.html>]

Run at the root of an Nx workspace. Reads every project's TypeScript sources (specs aside) and
Dapr Subscription manifests and lists, per event version of each kafka-events library, the
projects that produce it (publish through the generated producer or Dapr publisher) and those
that consume it (a handler key of the generated consumer or Dapr handler, a routes module, a
Subscription route). What cannot be resolved without guessing (a computed event type, a handler
map built elsewhere) is listed with file:line and counted nowhere.

Each file is read once per content: the results are kept in Nx's workspace data directory
(.nx/workspace-data/kafka-events-flow.json) by Nx's file hash.

Options:
      --json         print the flow as JSON on stdout
      --out <file>   also write a self-contained HTML page of the flow (no network needed)
  -h, --help         show this help

Exit status: 0 the flow was read, 2 bad input or internal error
(one line on stderr; ${DEBUG_ENV}=1 adds the stack trace).
`,
    options: {
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    async run(positionals, values, io) {
      if (positionals.length > 0)
        throw new UsageError(
          `flow takes no arguments (run it at the workspace root), got ${positionals.join(' ')}`,
        );
      const out = outFile(values);
      const flow = readEventFlow(await loadWorkspace(process.cwd()));
      report(flow, values, io);
      if (out) {
        writeFileSync(out, renderFlowPage(flow));
        (values.json ? io.stderr : io.stdout)(`wrote ${out}\n`);
      }
      return EXIT_OK;
    },
  };
}

export const flowCommand = flowCommandWith(nxWorkspace);

function outFile(values: OptionValues): string | undefined {
  const out = values.out as string | undefined;
  if (out === undefined) return undefined;
  if (out.trim() === '') throw new UsageError('--out needs a file name (e.g. flow.html)');
  return resolve(out);
}

function report(flow: EventFlow, values: OptionValues, io: CliIO): void {
  if (values.json) io.stdout(`${JSON.stringify(flow, null, 2)}\n`);
  else io.stdout(`${flowTable(flow).join('\n')}\n`);
}
