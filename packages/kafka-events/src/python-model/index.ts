/**
 * The Python side of a domain's contract: reads a domain library (kafka-events.json, payload
 * modules, upcast steps) and renders one Pydantic v2 module plus its pytest file.
 */
export { readPythonDomain } from './read-domain';
export type { PythonDomain, PythonEvent, PythonEventVersion } from './read-domain';
export { renderPythonModule, GENERATED_MARKER } from './render-module';
export { renderPythonTests } from './render-tests';
export {
  isOwnedOrAbsent,
  recordedOutputs,
  recordPythonOutput,
  renderPythonOutput,
  writeChanged,
} from './outputs';
export type { PlannedFile } from './outputs';
export { PYTHON_KEYWORDS, pythonModuleFile, pythonNames, pythonTestFile } from './python-names';
export { jsRegexToPython, UnsupportedPatternError } from './js-regex';
