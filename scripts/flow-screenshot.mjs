// The flow page of a workspace as a PNG: runs `kafka-events flow --out` in the workspace (the
// kafka-events installed there), opens the page in headless Chromium (tools/chromium), checks it
// asks the network for nothing and saves a screenshot of the whole page. The README's picture is
// the demo's workspace: `npm run demo` writes it as <workspace>/flow.png (scripts/demo/flow-leg.mjs),
// or by hand:
//   node scripts/flow-screenshot.mjs <workspace> [docs/flow.png]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const {
  assertOffline,
  chromiumPath,
  launchChromium,
  openOffline,
  screenshot,
} = require('../tools/chromium/browser.cjs');

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `npx kafka-events flow --out <htmlFile>` at `workspaceRoot`, with the kafka-events there. */
export function writeFlowPage(workspaceRoot, htmlFile) {
  execFileSync('npx', ['--no-install', 'kafka-events', 'flow', '--out', htmlFile], {
    cwd: workspaceRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}

/** Whether tools/chromium/install.sh (or CHROMIUM_PATH) has given this machine a Chromium. */
export const hasChromium = () => existsSync(chromiumPath());

/** Opens a written flow page in headless Chromium and saves its screenshot to `pngFile`. */
export async function screenshotFlowPage(htmlFile, pngFile) {
  const chromium = await launchChromium();
  try {
    const opened = await openOffline(chromium.context, readFileSync(htmlFile, 'utf8'));
    assertOffline(opened);
    return { file: pngFile, bytes: await screenshot(opened.page, pngFile) };
  } finally {
    await chromium.close();
  }
}

/** Renders the flow page of `workspaceRoot` and writes its screenshot to `pngFile`. */
export async function flowScreenshot(workspaceRoot, pngFile) {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-events-flow-'));
  try {
    const html = join(dir, 'flow.html');
    writeFlowPage(workspaceRoot, html);
    return await screenshotFlowPage(html, pngFile);
  } finally {
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
