/**
 * Graceful stop on process signals. After the stop finishes the signal is raised again when
 * nobody else listens for it, so the process still ends the way an orchestrator expects.
 */
export function installSignalHandlers(
  signals: readonly NodeJS.Signals[],
  stop: (signal: NodeJS.Signals) => Promise<void>,
): () => void {
  const listeners = new Map<NodeJS.Signals, () => void>();
  const remove = () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    listeners.clear();
  };
  for (const signal of signals) {
    const listener = () => {
      remove();
      void stop(signal).finally(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    listeners.set(signal, listener);
    process.once(signal, listener);
  }
  return remove;
}
