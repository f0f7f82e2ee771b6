/**
 * The parts of Zod 4's internals (`schema._zod`) the fast accept path reads: a schema's
 * definition, its optionality (`optin`/`optout`), enum and literal values, and check functions.
 */
export interface CheckInternals {
  def: {
    check?: string;
    format?: string;
    pattern?: unknown;
    value?: unknown;
    inclusive?: boolean;
    minimum?: number;
    maximum?: number;
    when?: (payload: { value: unknown; issues: unknown[] }) => boolean;
  };
  check: (payload: { value: unknown; issues: unknown[] }) => void;
}

export interface SchemaInternals {
  def: {
    type: string;
    coerce?: boolean;
    checks?: readonly { _zod: CheckInternals }[];
    innerType?: { _zod: SchemaInternals };
    element?: { _zod: SchemaInternals };
    shape?: Record<string, { _zod: SchemaInternals }>;
    catchall?: unknown;
    readonly defaultValue?: unknown;
  };
  traits: Set<string>;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  values?: Set<unknown>;
}
