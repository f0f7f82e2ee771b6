/**
 * Whether a project is a Python project: generators that write TypeScript into an app (the Dapr
 * routes module) write nothing there for Python, whose code comes from `kafka-events:python`.
 */
import { joinPathFragments, type Tree } from '@nx/devkit';

/** Files that make a folder a Python project (uv, poetry, pip, setuptools, pipenv). */
const PYTHON_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'Pipfile'];

/** A Python marker at the project root and no tsconfig.json: a project mixing both stays TypeScript. */
export function isPythonProject(tree: Tree, projectRoot: string): boolean {
  const at = (file: string) => tree.exists(joinPathFragments(projectRoot, file));
  return PYTHON_MARKERS.some(at) && !at('tsconfig.json');
}
