'use strict';
// Serves a Python ASGI app with uvicorn for the demo's startApp (scripts/demo/dapr-process.mjs),
// which runs node programs: it gives APP_PORT and the sidecar's DAPR_HTTP_PORT, the demo gives
// DEMO_PYTHON (the venv of tools/python/venv.cjs), DEMO_ASGI_APP (`main:app`) and DEMO_APP_DIR.
// Python's output is this program's output; SIGTERM and SIGINT go to uvicorn (graceful shutdown),
// and Python exits when this program dies, even by SIGKILL: its stdin is a pipe from here.
const { spawn } = require('node:child_process');

const { DEMO_PYTHON, DEMO_ASGI_APP, DEMO_APP_DIR, APP_PORT } = process.env;
const serve = [
  'import os, sys, threading, uvicorn',
  'threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()',
  'app, app_dir, port = sys.argv[1:4]',
  'uvicorn.run(app, app_dir=app_dir, host="127.0.0.1", port=int(port), log_level="warning", access_log=False)',
].join('\n');
const python = spawn(DEMO_PYTHON, ['-c', serve, DEMO_ASGI_APP, DEMO_APP_DIR, APP_PORT], {
  env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  stdio: ['pipe', 'inherit', 'inherit'],
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => python.kill(signal));
python.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' ? 0 : 1)));
