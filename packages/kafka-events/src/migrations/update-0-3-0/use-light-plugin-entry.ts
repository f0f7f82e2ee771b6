/**
 * 0.3.0: nx.json entries that register the inference plugin by the package main
 * (`"kafka-events"`) now name its light entry (`"kafka-events/plugin"`), as init does. Nx loads the
 * plugin in a worker on every project graph computation, and the package main also loads the
 * generators and @nx/devkit there. Options, include and exclude are kept; an entry that would then
 * be the exact copy of another is dropped.
 */
import { formatFiles, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import {
  isKafkaEventsPlugin,
  PACKAGE_MAIN_PLUGIN_NAME,
  PLUGIN_NAME,
} from '../../generators/init/lib/add-plugin';

type PluginEntry = NonNullable<NonNullable<ReturnType<typeof readNxJson>>['plugins']>[number];

const nameOf = (entry: PluginEntry) => (typeof entry === 'string' ? entry : entry.plugin);

export default async function useLightPluginEntry(tree: Tree): Promise<void> {
  const nxJson = readNxJson(tree);
  const plugins = nxJson?.plugins ?? [];
  if (!nxJson || !plugins.some((entry) => nameOf(entry) === PACKAGE_MAIN_PLUGIN_NAME)) return;
  const registered = new Set<string>();
  const updated: PluginEntry[] = [];
  for (const entry of plugins) {
    const renamed = nameOf(entry) !== PACKAGE_MAIN_PLUGIN_NAME ? entry : lightEntry(entry);
    if (isKafkaEventsPlugin(renamed)) {
      const key = JSON.stringify(typeof renamed === 'string' ? { plugin: renamed } : renamed);
      if (registered.has(key)) continue;
      registered.add(key);
    }
    updated.push(renamed);
  }
  updateNxJson(tree, { ...nxJson, plugins: updated });
  await formatFiles(tree);
}

function lightEntry(entry: PluginEntry): PluginEntry {
  return typeof entry === 'string' ? PLUGIN_NAME : { ...entry, plugin: PLUGIN_NAME };
}
