/**
 * Every migrations.json entry must load after `npm run build`: implementation paths point into
 * dist/ exactly as generators.json factories do, so each one must have its source in src/ (the
 * build compiles it to the same relative path) and export the migration as default.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkajsVersion, zodVersion } from '../utils/versions';

const packageRoot = join(__dirname, '..', '..');
const migrations = JSON.parse(readFileSync(join(packageRoot, 'migrations.json'), 'utf-8')) as {
  generators: Record<string, { version: string; description: string; implementation: string }>;
  packageJsonUpdates: Record<
    string,
    { version: string; packages: Record<string, { version: string }> }
  >;
};
const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf-8'));

describe('migrations.json', () => {
  it('is what package.json registers', () => {
    expect(pkg['nx-migrations']).toEqual({ migrations: './migrations.json' });
    expect(pkg.files).toContain('migrations.json');
  });

  describe.each(Object.entries(migrations.generators))('%s', (_name, migration) => {
    it('points into dist/ like the generators and has its source in src/', () => {
      expect(migration.implementation).toMatch(
        /^\.\/dist\/migrations\/update-\d+-\d+-\d+\/[a-z0-9-]+$/,
      );
      const source = join(
        packageRoot,
        migration.implementation.replace(/^\.\/dist\//, 'src/') + '.ts',
      );
      expect(existsSync(source)).toBe(true);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(typeof require(source).default).toBe('function');
    });

    it('has a semver version matching its folder and a description', () => {
      expect(migration.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(migration.implementation).toContain(
        `/update-${migration.version.replace(/\./g, '-')}/`,
      );
      expect(migration.description.length).toBeGreaterThan(20);
    });
  });

  it('lists the 0.2.0 migrations, none of them newer than this package', () => {
    expect(
      Object.entries(migrations.generators)
        .filter(([, m]) => m.version === '0.2.0')
        .map(([name]) => name),
    ).toEqual([
      'update-0-2-0-add-contract-snapshots',
      'update-0-2-0-add-kafka-and-dapr-modules',
      'update-0-2-0-add-eslint-config',
    ]);
    // nx migrate runs a migration only up to the version it installs: a migration or update
    // above the package's own version would never run.
    const number = (version: string) => {
      const [major, minor, patch] = version.split('.').map(Number);
      return major * 1e6 + minor * 1e3 + patch;
    };
    const ceiling = number(String(pkg.version));
    const versions = [
      ...Object.values(migrations.generators).map((m) => m.version),
      ...Object.keys(migrations.packageJsonUpdates),
    ];
    for (const version of versions) expect(number(version)).toBeLessThanOrEqual(ceiling);
  });

  it('lists the 0.3.0 migrations', () => {
    expect(
      Object.entries(migrations.generators)
        .filter(([, m]) => m.version === '0.3.0')
        .map(([name]) => name),
    ).toEqual([
      'update-0-3-0-add-dapr-resiliency',
      'update-0-3-0-raise-runtime-range',
      'update-0-3-0-use-light-plugin-entry',
    ]);
  });

  it('raises the runtime to this version (tools/release/version-actions.cjs adds it at each release)', () => {
    expect(migrations.packageJsonUpdates[pkg.version]?.packages['@kafka-events/runtime']).toEqual({
      version: `^${pkg.version}`,
      alwaysAddToPackageJson: false,
    });
  });

  it('updates packages to the versions the generators write', () => {
    for (const [version, update] of Object.entries(migrations.packageJsonUpdates)) {
      expect(update.version).toBe(version);
      expect(update.packages['@kafka-events/runtime'].version).toBe(`^${version}`);
      expect(update.packages.zod.version).toBe(zodVersion);
      expect(update.packages.kafkajs.version).toBe(kafkajsVersion);
    }
  });
});
