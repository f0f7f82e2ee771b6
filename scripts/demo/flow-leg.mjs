// The last part of the demo: who produces and who consumes each event in the demo's workspace,
// after the other parts wrote their apps. `npx kafka-events flow` prints the table,
// `npx kafka-events flow --out flow.html` writes the page into the workspace and, when
// tools/chromium has installed Chromium, the page's screenshot goes next to it as flow.png: the
// README's docs/flow.png is that file, copied.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hasChromium, screenshotFlowPage, writeFlowPage } from '../flow-screenshot.mjs';

const log = (line) => process.stdout.write(`${line}\n`);

/** Returns the files written: the page, and the screenshot when Chromium is there. */
export async function runFlowDemo(workspaceRoot, { chromium = hasChromium() } = {}) {
  log(
    execFileSync('npx', ['--no-install', 'kafka-events', 'flow'], {
      cwd: workspaceRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    }).trimEnd(),
  );
  const html = join(workspaceRoot, 'flow.html');
  writeFlowPage(workspaceRoot, html);
  log(`wrote ${html}`);
  if (!chromium) {
    log('no Chromium here (bash tools/chromium/install.sh installs it): no flow.png');
    return { html };
  }
  const { file, bytes } = await screenshotFlowPage(html, join(workspaceRoot, 'flow.png'));
  log(`wrote ${file} (${bytes} bytes): cp it to docs/flow.png to update the README's picture`);
  return { html, png: file };
}
