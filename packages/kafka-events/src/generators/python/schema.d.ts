export interface PythonGeneratorSchema {
  /** Domain (`tasks`) or project name of its library (`tasks-events`). */
  domain: string;
  /** Workspace-relative path of the module (`apps/api/task_events.py`). */
  output?: string;
  /** The Python project that uses the module; gets an implicit dependency on the library. */
  project?: string;
  skipFormat?: boolean;
}
