import { parse, stringify } from 'yaml';

/** YAML text of an AsyncAPI document; no line folding, so long descriptions stay one line. */
export function renderAsyncApi(document: unknown): string {
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function parseAsyncApi(text: string): unknown {
  return parse(text);
}
