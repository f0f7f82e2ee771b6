import { formatFiles, logger, type Tree } from '@nx/devkit';
import {
  readPythonDomain,
  recordPythonOutput,
  renderPythonOutput,
  writeChanged,
} from '../../python-model';
import { normalizeOptions } from './lib/normalize-options';
import { addImplicitDependency, registerSyncGenerator } from './lib/project-graph';
import type { PythonGeneratorSchema } from './schema';

/**
 * `nx g kafka-events:python <domain> [--output path.py] [--project app]`: a Pydantic v2 module of
 * the domain's contract and its pytest file. Options are checked and the module rendered (which
 * fails, naming the field, on a zod construct Pydantic cannot mirror) before the first write. The
 * output is recorded in kafka-events.json and the sync generator registered in nx.json, so
 * `nx sync` keeps the module in step with the zod schemas. Re-running changes nothing.
 */
export async function pythonGenerator(tree: Tree, schema: PythonGeneratorSchema): Promise<void> {
  const options = normalizeOptions(tree, schema);
  const { library, output, project } = options;
  const files = renderPythonOutput(readPythonDomain(tree, library), output);

  const written = writeChanged(tree, files);
  recordPythonOutput(tree, library, { output, ...(project ? { project: project.name } : {}) });
  if (project) addImplicitDependency(tree, project, library);
  registerSyncGenerator(tree);
  if (!options.skipFormat) await formatFiles(tree);

  logger.info(
    written.length === 0
      ? `${output} is up to date with ${library.projectName}; nothing to change.`
      : [
          `Wrote ${files.map((f) => f.path).join(' and ')} from ${library.projectName}.`,
          `\`nx sync\` regenerates ${output} when the zod schemas change (nx sync:check fails in CI while it is stale).`,
        ].join('\n'),
  );
}

export default pythonGenerator;
