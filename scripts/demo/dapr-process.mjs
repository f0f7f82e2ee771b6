// One app of the Dapr leg and its real sidecar (tools/dapr/daprd.cjs): daprd first, since its HTTP
// port is where the app publishes (DAPR_HTTP_PORT), then the app with plain node, then wait until
// daprd is ready, which needs the app listening and its subscriptions read.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const { startDaprd } = require('../../tools/dapr/daprd.cjs');
const { freePort } = require('../../tools/common/free-port.cjs');

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const apps = new Set();
// a crash of the demo must not leave apps behind (daprd.cjs does the same for sidecars)
process.on('exit', () => apps.forEach((child) => child.kill('SIGKILL')));

/**
 * Starts `main` (the built app) for Dapr app `appId` behind its own daprd loading `manifestDirs`.
 * Every line the app prints goes to `onLine`. Resolves to {appId, url, daprd, exited, stop()}.
 */
export async function startApp({ appId, main, cwd, manifestDirs, brokers, env = {}, onLine }) {
  const appPort = await freePort();
  const daprd = await startDaprd({ appId, appPort, manifestDirs, brokers, waitForReady: false });
  const child = spawn(process.execPath, [main], {
    cwd,
    env: {
      ...process.env,
      ...env,
      APP_PORT: String(appPort),
      DAPR_HTTP_PORT: String(daprd.httpPort),
      DAPR_GRPC_PORT: String(daprd.grpcPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  apps.add(child);
  let errors = '';
  createInterface({ input: child.stdout }).on('line', onLine);
  child.stderr.on('data', (chunk) => (errors += chunk));
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      apps.delete(child);
      resolve(
        `${appId} exited (${signal ?? `code ${code}`})${errors ? `:\n${errors.trimEnd()}` : ''}`,
      );
    }),
  );

  async function stop() {
    // the sidecar first: it drains in-flight deliveries into the app
    await daprd.dispose();
    if (!apps.has(child)) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  try {
    await Promise.race([
      daprd.waitUntilReady(READY_TIMEOUT_MS),
      exited.then((why) => Promise.reject(new Error(why))),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { appId, url: `http://127.0.0.1:${appPort}`, daprd, exited, stop };
}
