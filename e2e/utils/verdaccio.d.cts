export interface Verdaccio {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** An npm user config: `registry=<url>` and a token to publish with. */
  npmrc: string;
  stop(): void;
}
export function startVerdaccio(opts: { dir: string }): Promise<Verdaccio>;
