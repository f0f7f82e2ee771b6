import type { DaprDeliveryBody } from './delivery';

export type DaprStatus = 'SUCCESS' | 'RETRY' | 'DROP';

/** A delivery as any HTTP framework can describe it. */
export interface DaprDeliveryRequest {
  readonly path: string;
  readonly body: DaprDeliveryBody;
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** The HTTP reply for Dapr: always 200 with a status, except 404 for a path nobody owns. */
export interface DaprDeliveryResponse {
  readonly status: number;
  readonly body: { readonly status: DaprStatus };
}

/** console-compatible; every delivery decision is logged with its reason. */
export interface DaprLogger {
  debug?(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}
