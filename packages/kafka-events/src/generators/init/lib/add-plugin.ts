import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';

export const PLUGIN_NAME = 'kafka-events';

/**
 * Registers the inference plugin (events-schemas, events-compat targets) in nx.json, unless it is
 * already there (in any form) or the workspace opted out of inferred targets
 * (NX_ADD_PLUGINS=false or nx.json `useInferencePlugins: false`), as Nx's own plugins do.
 */
export function addKafkaEventsPlugin(tree: Tree): void {
  if (process.env.NX_ADD_PLUGINS === 'false') return;
  const nxJson = readNxJson(tree);
  if (!nxJson || nxJson.useInferencePlugins === false) return;
  const plugins = nxJson.plugins ?? [];
  if (plugins.some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME)) return;
  updateNxJson(tree, { ...nxJson, plugins: [...plugins, { plugin: PLUGIN_NAME }] });
}
