import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.ts';
import { onShutdown } from './shutdown.ts';

const logger = createLogger({ service: 'test', write: () => undefined });

function fakeProcess() {
  const emitter = new EventEmitter();
  return emitter as unknown as Pick<NodeJS.Process, 'once' | 'removeListener'> & EventEmitter;
}

describe('onShutdown', () => {
  it('runs every step in order on SIGTERM, once, and exits 0', async () => {
    const emitter = fakeProcess();
    const order: string[] = [];
    const exited = new Promise<number>((resolve) =>
      onShutdown({
        logger,
        emitter,
        exit: resolve,
        steps: [
          { name: 'server', run: () => void order.push('server') },
          { name: 'db', run: async () => void order.push('db') },
        ],
      }),
    );
    emitter.emit('SIGTERM', 'SIGTERM');
    emitter.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(0);
    expect(order).toEqual(['server', 'db']);
  });

  it('exits 1 when a step fails, still running the rest', async () => {
    const emitter = fakeProcess();
    const later = vi.fn();
    const exited = new Promise<number>((resolve) =>
      onShutdown({
        logger,
        emitter,
        exit: resolve,
        steps: [
          { name: 'bad', run: () => Promise.reject(new Error('stuck')) },
          { name: 'later', run: later },
        ],
      }),
    );
    emitter.emit('SIGINT', 'SIGINT');
    expect(await exited).toBe(1);
    expect(later).toHaveBeenCalled();
  });

  it('exits 1 when cleanup outlasts the timeout', async () => {
    const emitter = fakeProcess();
    const exited = new Promise<number>((resolve) =>
      onShutdown({ logger, emitter, exit: resolve, timeoutMs: 20, steps: [{ name: 'hang', run: () => new Promise(() => undefined) }] }),
    );
    emitter.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
  });

  it('the returned function removes the handlers', () => {
    const emitter = fakeProcess();
    const remove = onShutdown({ logger, emitter, exit: () => undefined, steps: [] });
    expect(emitter.listenerCount('SIGTERM')).toBe(1);
    remove();
    expect(emitter.listenerCount('SIGTERM')).toBe(0);
  });
});
