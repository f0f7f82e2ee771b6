/**
 * Where a JSON Schema pointer of a payload schema sits in its TypeScript source, so differences
 * in the current schema (which has no JSON file yet) are reported as `<payload.ts>:<line>`.
 * Best effort and cheap: each `properties/<name>` is the first `<name>:` key at or after its
 * parent's line; anything else points at its parent.
 */
import type { ParsedJson, SourcePosition } from '../compat/json-source';
import { appendPointer } from '../compat/json-pointer';

export function payloadSourcePositions(text: string, symbol: string, schema: unknown): ParsedJson {
  const lines = text.split('\n');
  const declaration = Math.max(
    0,
    lines.findIndex((line) => new RegExp(`\\b(?:const|let|var)\\s+${symbol}\\b`).test(line)),
  );
  const positions = new Map<string, SourcePosition>();
  const at = (line: number): SourcePosition => ({
    line: line + 1,
    column: Math.max(1, lines[line].search(/\S/) + 1),
  });

  const findKey = (name: string, from: number): number => {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const key = new RegExp(`^\\s*(?:${escaped}|'${escaped}'|"${escaped}")\\s*:`);
    for (let i = from; i < lines.length; i++) if (key.test(lines[i])) return i;
    return -1;
  };

  const walk = (value: unknown, pointer: string, line: number): void => {
    positions.set(pointer, at(line));
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPointer = appendPointer(pointer, key);
      if (key === 'properties' && child && typeof child === 'object') {
        positions.set(childPointer, at(line));
        let cursor = line;
        for (const [name, property] of Object.entries(child as Record<string, unknown>)) {
          const found = findKey(name, cursor);
          const propertyLine = found >= 0 ? found : line;
          if (found >= 0) cursor = found;
          walk(property, appendPointer(childPointer, name), propertyLine);
        }
      } else {
        walk(child, childPointer, line);
      }
    }
  };
  walk(schema, '#', declaration);
  return { value: schema, positions };
}
