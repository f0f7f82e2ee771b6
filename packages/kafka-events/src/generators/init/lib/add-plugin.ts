import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';

/**
 * The light plugin entry: it loads only the inference plugin, where the package main also loads
 * the generators and @nx/devkit in the plugin worker of every project graph computation.
 */
export const PLUGIN_NAME = 'kafka-events/plugin';
/** The package main, which kafka-events before 0.3.0 registered: it still works. */
export const PACKAGE_MAIN_PLUGIN_NAME = 'kafka-events';

/** Whether an nx.json plugins entry is kafka-events' inference plugin, by either entry. */
export function isKafkaEventsPlugin(entry: string | { plugin: string }): boolean {
  const name = typeof entry === 'string' ? entry : entry.plugin;
  return name === PLUGIN_NAME || name === PACKAGE_MAIN_PLUGIN_NAME;
}

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
  if (plugins.some(isKafkaEventsPlugin)) return;
  updateNxJson(tree, { ...nxJson, plugins: [...plugins, { plugin: PLUGIN_NAME }] });
}
