/**
 * Whether a file may hold a Dapr Subscription manifest, told from its name and text alone (no
 * YAML parser): the cheap test before parsing, shared by the flow analysis and the project
 * graph's createDependencies, which must stay light (it runs on every graph computation).
 */
export function mayBeSubscription(file: string, text: string): boolean {
  return /\.ya?ml$/.test(file) && /^kind:\s*['"]?Subscription\b/m.test(text);
}
