// The flow page of a workspace as a PNG: runs `kafka-events flow --out` in the workspace (the
// kafka-events installed there), opens the page in headless Chromium (tools/chromium) and saves a
// screenshot of the whole page. The README's picture is the demo's workspace:
//   npm run demo                                   (prints "done: the workspace is at <dir>")
//   node scripts/flow-screenshot.mjs <dir> [docs/flow.png]
// The demo can call flowScreenshot(ws.root, file) itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { launchChromium, openOffline, screenshot } = require('../tools/chromium/browser.cjs');

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Renders the flow page of `workspaceRoot` and writes its screenshot to `pngFile`. */
export async function flowScreenshot(workspaceRoot, pngFile) {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-events-flow-'));
  const html = join(dir, 'flow.html');
  const chromium = await launchChromium();
  try {
    execFileSync('npx', ['--no-install', 'kafka-events', 'flow', '--out', html], {
      cwd: workspaceRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    const { page, offsite } = await openOffline(chromium.context, readFileSync(html, 'utf8'));
    if (offsite.length > 0) throw new Error(`the flow page asked for ${offsite.join(', ')}`);
    const bytes = await screenshot(page, pngFile);
    return { file: pngFile, bytes };
  } finally {
    await chromium.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [workspaceRoot, png = join(repoRoot, 'docs', 'flow.png')] = process.argv.slice(2);
  if (!workspaceRoot) {
    process.stderr.write('usage: node scripts/flow-screenshot.mjs <workspace> [out.png]\n');
    process.exit(2);
  }
  const { file, bytes } = await flowScreenshot(resolve(workspaceRoot), resolve(png));
  process.stdout.write(`wrote ${file} (${bytes} bytes)\n`);
}
