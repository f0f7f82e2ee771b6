/**
 * Dapr's app API token: when the sidecar runs with APP_API_TOKEN, it sends that value as the
 * `dapr-api-token` header on every call to the app, so the app can refuse calls that did not come
 * from its own sidecar (docs.dapr.io: "Authenticate requests from Dapr using token
 * authentication").
 */
import { timingSafeEqual } from 'node:crypto';

export const DAPR_API_TOKEN_HEADER = 'dapr-api-token';

export type AppTokenCheck = (headers: Readonly<Record<string, string>>) => boolean;

/**
 * `configured` undefined: APP_API_TOKEN from the environment (no check when it is unset);
 * `false`: no check; a string: that token.
 */
export function appTokenCheck(configured: string | false | undefined): AppTokenCheck {
  const token =
    configured === undefined ? process.env['APP_API_TOKEN'] || undefined : configured || undefined;
  if (token === undefined) return () => true;
  // Buffer.from would quote a non-string token in its error.
  if (typeof token !== 'string')
    throw new TypeError('appApiToken must be a string (the APP_API_TOKEN daprd sends) or false');
  const expected = Buffer.from(token, 'utf8');
  return (headers) => {
    const given = Buffer.from(headers[DAPR_API_TOKEN_HEADER] ?? '', 'utf8');
    // Constant time: the comparison must not tell an attacker how much of a guess was right.
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}
