// `nx release version` for both packages (nx.json release.version.versionActions): what @nx/js does
// (the version in package.json, the lock file), plus, for the plugin, the packageJsonUpdates entry
// of the new version in migrations.json, so `nx migrate kafka-events@<new>` moves a workspace's
// @kafka-events/runtime to the runtime released with it. The two packages share one version
// (a fixed release group), so the runtime's range is `^<new version>`, as the generators write.
'use strict';

const JsVersionActions = require('@nx/js/src/release/version-actions').default;
const { afterAllProjectsVersioned } = require('@nx/js/src/release/version-actions');
const { readJson, writeJson } = require('@nx/devkit');

const RUNTIME = '@kafka-events/runtime';

/**
 * Sets packageJsonUpdates[version] of the migrations.json at `path`: the runtime raised to
 * `^<version>`, the other packages (zod, kafkajs) as the latest entry has them. Returns the log
 * line.
 * @param {import('@nx/devkit').Tree} tree
 * @param {string} path
 * @param {string} version
 */
function addRuntimeUpdate(tree, path, version) {
  const migrations = readJson(tree, path);
  const updates = (migrations.packageJsonUpdates ??= {});
  const latest = Object.values(updates).at(-1)?.packages ?? {};
  const entry = (updates[version] ??= { version, packages: latest });
  entry.packages = {
    ...entry.packages,
    [RUNTIME]: { version: `^${version}`, alwaysAddToPackageJson: false },
  };
  writeJson(tree, path, migrations);
  return `✍️  ${RUNTIME} ^${version} written to packageJsonUpdates["${version}"] of ${path}`;
}

class KafkaEventsVersionActions extends JsVersionActions {
  /** @override */
  async updateProjectVersion(tree, newVersion) {
    const logs = await super.updateProjectVersion(tree, newVersion);
    const manifest = `${this.projectGraphNode.data.root}/package.json`;
    const migrations = readJson(tree, manifest)['nx-migrations']?.migrations;
    if (!migrations) return logs;
    const path = `${this.projectGraphNode.data.root}/${migrations.replace(/^\.\//, '')}`;
    return [...logs, addRuntimeUpdate(tree, path, newVersion)];
  }
}

module.exports = KafkaEventsVersionActions;
module.exports.default = KafkaEventsVersionActions;
module.exports.afterAllProjectsVersioned = afterAllProjectsVersioned;
module.exports.addRuntimeUpdate = addRuntimeUpdate;
