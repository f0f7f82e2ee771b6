/** The sync generator takes no options: it regenerates every recorded Python module. */
export type SyncPythonGeneratorSchema = Record<string, never>;
