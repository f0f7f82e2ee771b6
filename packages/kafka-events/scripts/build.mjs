// Builds the plugin: tsc for the code, then copies every non-TypeScript asset of src/
// (schema.json, files/** templates) to dist/ at the same relative path. Templates must ship
// unbundled and unchanged: generateFiles reads them from disk next to the compiled generator.
// Hand-written declarations (generators/*/schema.d.ts) are copied too: tsc never emits a .d.ts
// for a .d.ts input, yet dist/index.d.ts re-exports the schema types from them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.lib.json')], { stdio: 'inherit' });

let copied = 0;
for (const file of walk(src)) {
  const rel = relative(src, file);
  const inTemplates = rel.split(/[\\/]/).includes('files');
  // compiled .ts sources are tsc's job; everything under files/ is a template, whatever its name
  const compiled = file.endsWith('.ts') && !file.endsWith('.d.ts');
  if (!inTemplates && (compiled || file.endsWith('.snap'))) continue;
  if (!inTemplates && rel.split(/[\\/]/).includes('__snapshots__')) continue;
  mkdirSync(dirname(join(dist, rel)), { recursive: true });
  cpSync(file, join(dist, rel));
  copied++;
}
console.log(`kafka-events: compiled src/ and copied ${copied} assets to dist/`);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
