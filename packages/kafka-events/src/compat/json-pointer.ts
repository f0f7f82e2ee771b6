/** JSON pointers in URI-fragment form (`#/properties/a~1b`), as used in schema paths and `$ref`. */

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `#/a/b` + `c` -> `#/a/b/c`. The root is `#`. */
export function appendPointer(pointer: string, ...tokens: Array<string | number>): string {
  return tokens.reduce<string>((acc, token) => `${acc}/${escapeToken(String(token))}`, pointer);
}

/** Splits `#/a/b~1c` into ['a', 'b/c']; `#` and `#/` are the root. */
export function pointerTokens(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '' || body === '/') return [];
  if (!body.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  // A $ref fragment may be percent-encoded (`%24defs`), a pointer we build never is.
  return body
    .slice(1)
    .split('/')
    .map((token) => unescapeToken(safeDecode(token)));
}

function safeDecode(token: string): string {
  try {
    return decodeURIComponent(token);
  } catch {
    return token;
  }
}

/** The value at `pointer` inside `root`, or undefined when some step does not exist. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (
      current !== null &&
      typeof current === 'object' &&
      Object.prototype.hasOwnProperty.call(current, token)
    ) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}
