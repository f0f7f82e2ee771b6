const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { readJson, writeJson } = require('@nx/devkit');
const { createTree } = require('@nx/devkit/testing');
const { addRuntimeUpdate } = require('./version-actions.cjs');

const repoRoot = join(__dirname, '..', '..');
const RUNTIME = '@kafka-events/runtime';

describe('addRuntimeUpdate', () => {
  const update = (version, extra = {}) => ({
    version,
    packages: {
      [RUNTIME]: { version: `^${version}`, alwaysAddToPackageJson: false },
      zod: { version: '^4.6.7', alwaysAddToPackageJson: false },
      ...extra,
    },
  });

  it("adds the new version's entry with the runtime at ^<version> and the latest entry's other packages", () => {
    const tree = createTree();
    writeJson(tree, 'migrations.json', {
      generators: {},
      packageJsonUpdates: { '0.2.0': update('0.2.0'), '0.3.0': update('0.3.0') },
    });
    addRuntimeUpdate(tree, 'migrations.json', '0.4.0-beta.1');
    const updates = readJson(tree, 'migrations.json').packageJsonUpdates;
    expect(Object.keys(updates)).toEqual(['0.2.0', '0.3.0', '0.4.0-beta.1']);
    expect(updates['0.4.0-beta.1']).toEqual(update('0.4.0-beta.1'));
    expect(updates['0.3.0']).toEqual(update('0.3.0'));
  });

  it('corrects the runtime of an entry the version already has and keeps its other packages', () => {
    const tree = createTree();
    const kafkajs = { kafkajs: { version: '2.2.4', alwaysAddToPackageJson: false } };
    writeJson(tree, 'migrations.json', {
      packageJsonUpdates: {
        '0.4.0': {
          version: '0.4.0',
          packages: { ...update('0.4.0', kafkajs).packages, [RUNTIME]: { version: '^0.3.0' } },
        },
      },
    });
    addRuntimeUpdate(tree, 'migrations.json', '0.4.0');
    expect(readJson(tree, 'migrations.json').packageJsonUpdates['0.4.0']).toEqual(
      update('0.4.0', kafkajs),
    );
  });
});

describe('nx release version (the repository, --dry-run)', () => {
  it('moves both packages to one version and adds its migrations.json runtime update', () => {
    const result = spawnSync(
      join(repoRoot, 'node_modules', '.bin', 'nx'),
      ['release', 'version', '9.8.7', '--dry-run'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: '0' },
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status).toBe(0);
    for (const manifest of [
      'packages/kafka-events/package.json',
      'packages/runtime/package.json',
    ]) {
      expect(output).toContain(`New version 9.8.7 written to manifest: ${manifest}`);
    }
    expect(output).toContain(
      `${RUNTIME} ^9.8.7 written to packageJsonUpdates["9.8.7"] of packages/kafka-events/migrations.json`,
    );
    expect(output).toMatch(/\+\s+"@kafka-events\/runtime": \{\n\+\s+"version": "\^9\.8\.7"/);
  }, 120_000);
});
