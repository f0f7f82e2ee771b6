export type DaprAuthType = 'none' | 'password' | 'mtls' | 'oidc';

export interface DaprGeneratorSchema {
  /** The app that publishes and consumes through its Dapr sidecar. */
  project: string;
  /** Comma-separated domain names whose events the app consumes (e.g. tasks,reminders). */
  domains: string | string[];
  pubsubName?: string;
  brokers?: string;
  /** Dapr app id (default: the project name without npm scope). */
  appId?: string;
  consumerGroup?: string;
  clientId?: string;
  authType?: DaprAuthType;
  /** Kubernetes/Dapr secret holding the broker credentials (authType other than none). */
  secretName?: string;
  /** Dapr secret store component that resolves secretKeyRef (omitted: Dapr's default). */
  secretStore?: string;
  initialOffset?: 'oldest' | 'newest';
  maxMessageBytes?: number;
  /** Folder of the manifests, relative to the app root. Default `dapr`. */
  manifestsDirectory?: string;
  skipFormat?: boolean;
}
