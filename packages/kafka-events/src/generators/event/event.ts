import { formatFiles, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { normalizeOptions } from './lib/normalize-options';
import { planEvent } from './lib/plan-event';
import type { EventGeneratorSchema } from './schema';

/**
 * `nx g kafka-events:event <domain> <name> [--bump | --eventVersion N]`: adds an event, or the next
 * version of one, to a domain library. Every file is computed before the first write, so a
 * failing run leaves the tree untouched; re-running a command whose version already exists with
 * the same content changes nothing (`--eventVersion N` is the repeatable form of `--bump`).
 */
export async function eventGenerator(
  tree: Tree,
  schema: EventGeneratorSchema,
): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, schema);
  const plan = planEvent(tree, options);
  const label = `${options.type} v${options.version}`;
  if (plan.kind === 'unchanged') {
    logger.info(
      `${options.library.projectName} already has ${label} as this command writes it; nothing to change (--bump adds the next version).`,
    );
    return () => undefined;
  }
  plan.files.commit();
  if (!options.skipFormat) await formatFiles(tree);
  const project = options.library.projectName;
  logger.info(
    [
      `Added ${label} to ${project}: edit ${plan.files.path(`src/lib/payloads/${plan.names.current.payloadFile}.ts`)}.`,
      ...(plan.upcaster
        ? [
            `Map the fields you change from v${options.version - 1} in ${plan.upcaster} (and its spec).`,
          ]
        : []),
      `Then record the contract: nx run ${project}:events-schemas`,
    ].join('\n'),
  );
  return () => undefined;
}

export default eventGenerator;
