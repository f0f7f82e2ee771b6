import type { Tree } from '@nx/devkit';
import {
  isOwnedOrAbsent,
  readPythonDomain,
  renderPythonOutput,
  writeChanged,
  type PlannedFile,
} from '../../python-model';
import { domainLibraries } from '../../utils/domain-libraries';

/** What Nx reads from a sync generator (nx's SyncGeneratorResult, which @nx/devkit does not export). */
export interface SyncPythonResult {
  outOfSyncMessage?: string;
  outOfSyncDetails?: string[];
}

/**
 * Nx sync generator (nx.json `sync.globalGenerators`, registered by `nx g kafka-events:python`):
 * regenerates every Python module recorded in a kafka-events.json from the library's current zod
 * payload schemas, so `nx sync` updates them and `nx sync:check` fails in CI while one is stale.
 *
 * Why a sync generator rather than the `events-schemas` target with `--check`: the module is a
 * source file of another project (the Python service), committed with it. A cached target may
 * only write its own declared outputs, and `--check` would only report the drift; `nx sync` is
 * Nx's mechanism for derived files that span projects: it writes them, Nx runs it before tasks
 * when `sync.applyChanges` is on, and `nx sync:check` is the CI gate. Writes nothing when every
 * module is current. A schema the Python side cannot mirror fails with the field named.
 */
export async function syncPythonGenerator(tree: Tree): Promise<SyncPythonResult> {
  // every module is rendered (and checked) before the first write: a failure writes nothing
  const planned: PlannedFile[] = [];
  for (const library of domainLibraries(tree)) {
    const outputs = library.config.python ?? [];
    if (outputs.length === 0) continue;
    const domain = readPythonDomain(tree, library);
    for (const { output } of outputs) {
      const files = renderPythonOutput(domain, output);
      const foreign = files.find((file) => !isOwnedOrAbsent(tree, file.path));
      if (foreign) {
        throw new Error(
          `${foreign.path} is recorded in ${library.root}/kafka-events.json as a Python module of ` +
            `${library.projectName} but was not written by kafka-events; remove the entry or the file`,
        );
      }
      planned.push(...files);
    }
  }
  const changed = writeChanged(tree, planned);
  if (changed.length === 0) return {};
  return {
    outOfSyncMessage:
      'Python modules generated from the event libraries are stale; `nx sync` regenerates them.',
    outOfSyncDetails: changed,
  };
}

export default syncPythonGenerator;
