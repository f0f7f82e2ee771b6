export interface LocalRegistry {
  url: string;
  requests(): string[];
  clearRequests(): void;
  stop(): void;
}
export function startLocalRegistry(opts: {
  tarballs: string[];
  workspaceRoot: string;
  dir: string;
}): Promise<LocalRegistry>;
