import * as path from 'node:path';

// The repository's infrastructure tools pick their ports the same way.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tool = require(path.resolve(__dirname, '../../../../../tools/common/free-port.cjs')) as {
  freePort(): Promise<number>;
};

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export const freePort = (): Promise<number> => tool.freePort();
