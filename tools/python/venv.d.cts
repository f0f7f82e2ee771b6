/** Types of venv.cjs for the TypeScript specs that use it. */
export declare class PythonEnvError extends Error {}
/** Path of tools/python/.venv's python, installing requirements.txt on first use. */
export declare function ensurePythonEnv(options?: { log?: (line: string) => void }): string;
export declare const VENV: string;
