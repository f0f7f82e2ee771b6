import { execFileSync } from 'node:child_process';

/**
 * Files that prettier would change, with the first differing line. Prettier 3 loads its
 * plugins with dynamic import, which jest's CommonJS sandbox cannot do, so it runs in a child
 * process. `options` is the prettier config to check against.
 */
export function notPrettierClean(
  files: Record<string, string>,
  options: Record<string, unknown>,
): Record<string, string> {
  const script = `
    const prettier = require('prettier');
    const { files, options } = JSON.parse(require('fs').readFileSync(0, 'utf-8'));
    (async () => {
      const dirty = {};
      for (const [filepath, text] of Object.entries(files)) {
        const formatted = await prettier.format(text, { ...options, filepath });
        if (formatted === text) continue;
        const a = text.split('\\n'), b = formatted.split('\\n');
        const i = a.findIndex((line, n) => line !== b[n]);
        dirty[filepath] = 'line ' + (i + 1) + ': ' + JSON.stringify(a[i]) + ' -> ' + JSON.stringify(b[i]);
      }
      process.stdout.write(JSON.stringify(dirty));
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  const out = execFileSync(process.execPath, ['-e', script], {
    input: JSON.stringify({ files, options }),
    encoding: 'utf-8',
  });
  return JSON.parse(out);
}
