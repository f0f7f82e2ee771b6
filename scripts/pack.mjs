// Builds both publishable packages and writes installable tarballs to dist/pack/.
// Tests, the demo and users install these files; never the public `kafka-events` (a placeholder).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'pack');
const packages = ['packages/runtime', 'packages/kafka-events'];

const run = (cmd, args, cwd = root) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const pkg of packages) {
  process.stdout.write(`building ${pkg}\n`);
  run('npm', ['run', 'build', '--silent'], join(root, pkg));
  run('npm', ['pack', '--silent', '--pack-destination', out], join(root, pkg));
}
for (const file of readdirSync(out)) process.stdout.write(`dist/pack/${file}\n`);
