import type { Logger } from './logger.ts';

export interface ShutdownOptions {
  logger: Logger;
  /** Cleanup steps, run in order. */
  steps: { name: string; run: () => Promise<void> | void }[];
  /** Give up on cleanup after this long and exit 1. Default 10 s (under Kubernetes' 30 s grace period). */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** Injected for tests. Default `process.exit`. */
  exit?: (code: number) => void;
  /** Injected for tests. Default `process`. */
  emitter?: Pick<NodeJS.Process, 'once' | 'removeListener'>;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: runs each cleanup step once, exits 0 when all succeed,
 * 1 when one fails or the timeout passes. Returns a function that removes the handlers.
 */
export function onShutdown(options: ShutdownOptions): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const emitter = options.emitter ?? process;
  let started = false;

  const handler = async (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    options.logger.info('shutting down', { signal });
    const timer = setTimeout(() => {
      options.logger.error('shutdown timed out', { timeoutMs: options.timeoutMs ?? 10_000 });
      exit(1);
    }, options.timeoutMs ?? 10_000);
    timer.unref();
    let code = 0;
    for (const step of options.steps) {
      try {
        await step.run();
      } catch (error) {
        code = 1;
        options.logger.error('shutdown step failed', { step: step.name, error });
      }
    }
    clearTimeout(timer);
    options.logger.info('shutdown complete', { code });
    exit(code);
  };

  for (const signal of signals) emitter.once(signal, handler);
  return () => {
    for (const signal of signals) emitter.removeListener(signal, handler);
  };
}
