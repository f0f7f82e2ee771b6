export type DaprAuthType = 'none' | 'password' | 'mtls' | 'oidc';
export type DaprRetryPolicy = 'exponential' | 'constant';

export interface DaprGeneratorSchema {
  /** The app that publishes and consumes through its Dapr sidecar. */
  project: string;
  /** Comma-separated domain names whose events the app consumes (e.g. tasks,reminders). */
  domains: string | string[];
  pubsubName?: string;
  brokers?: string;
  /** Dapr app id (default: the project name without npm scope). */
  appId?: string;
  /** Given (or --clientId given): the app gets its own Component instead of the shared one. */
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
  /** Folder of the Components every app shares, relative to the workspace root. Default `dapr/components`. */
  componentsDirectory?: string;
  /** Resiliency retry policy of the pub/sub's inbound traffic. Default `exponential`. */
  retryPolicy?: DaprRetryPolicy;
  /** Redeliveries of an event whose handler threw, 0..100. Default 5. */
  retryMaxRetries?: number;
  /** Interval of the constant policy (Go duration). Default `1s`. */
  retryDuration?: string;
  /** Longest interval of the exponential policy (Go duration). Default `10s`. */
  retryMaxInterval?: string;
  skipFormat?: boolean;
}
