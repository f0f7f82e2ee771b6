/**
 * Opens pages in the real headless Chromium of Debian's chromium package (tools/chromium/install.sh
 * installs it), driven by playwright-core, which never downloads a browser of its own. Pages are
 * served from 127.0.0.1 so that every request the page makes is seen: anything but the page itself
 * is recorded and aborted, and assertOffline fails when there was any (a page that works offline).
 * Used by the flow page's browser spec, the flow e2e and scripts/flow-screenshot.mjs.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// The flags a closed network needs: without the background-networking ones Chromium keeps trying
// Google's hosts (updates, sync, QUIC) and its connections are refused many at a time.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Serves one HTML document at /<name>; any other path is answered 404. */
async function serveHtml(html, name = 'page.html') {
  const server = http.createServer((req, res) => {
    if (req.url === `/${name}`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/${name}`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections(); // Chromium keeps its connection alive
      }),
  };
}

/** Launches Chromium with a new, empty profile that is removed on close. */
async function launchChromium() {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: run \`bash tools/chromium/install.sh\` ` +
        `(installs Debian's chromium package) or set CHROMIUM_PATH`,
    );
  }
  const { chromium } = require('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-events-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `html` in a new tab of `context` and waits for it to load. `requests` lists every request
 * the page made (its own URL first); `offsite` those for anything else, each aborted.
 */
async function openOffline(context, html) {
  const served = await serveHtml(html);
  const page = await context.newPage();
  const requests = [];
  const offsite = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === served.url) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  try {
    await page.goto(served.url, { waitUntil: 'load' });
  } finally {
    await served.close();
  }
  return { page, url: served.url, requests, offsite };
}

/**
 * Throws, naming them, when the page opened by openOffline asked for anything but itself: the one
 * check of a page that works offline, shared by the browser spec, the e2e and the screenshot script.
 */
function assertOffline({ url, requests, offsite }) {
  const others = requests.filter((request) => request !== url);
  if (offsite.length > 0 || others.length > 0 || requests[0] !== url)
    throw new Error(
      `the page at ${url} is not offline: it asked for ${[...new Set([...offsite, ...others])].join(', ') || 'nothing, not even itself'}`,
    );
}

/** Writes a PNG screenshot (the whole page unless fullPage is false); returns its size in bytes. */
async function screenshot(page, file, { fullPage = true } = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage });
  return fs.statSync(file).size;
}

/** The first eight bytes of every PNG file. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const isPng = (file) => fs.readFileSync(file).subarray(0, 8).equals(PNG_SIGNATURE);

module.exports = {
  CHROMIUM_ARGS,
  chromiumPath,
  launchChromium,
  openOffline,
  assertOffline,
  screenshot,
  isPng,
};
