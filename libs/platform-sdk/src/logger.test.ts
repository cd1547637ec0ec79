import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'churn-api',
    ...(level ? { level } : {}),
    write: (line) => lines.push(line),
    now: () => new Date('2026-01-02T03:04:05.000Z'),
  });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, service, message and fields', () => {
    const { logger, lines, parsed } = capture();
    logger.info('scored', { requestId: 'r1', latencyMs: 3 });
    expect(lines).toHaveLength(1);
    expect(parsed()[0]).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      level: 'info',
      service: 'churn-api',
      msg: 'scored',
      requestId: 'r1',
      latencyMs: 3,
    });
  });

  it('drops lines below the configured level', () => {
    const { logger, parsed } = capture('warn');
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(parsed().map((e) => e.msg)).toEqual(['c', 'd']);
  });

  it('child loggers add their fields to every line', () => {
    const { logger, parsed } = capture();
    logger.child({ job: 'retrain' }).child({ run: 7 }).info('done');
    expect(parsed()[0]).toMatchObject({ job: 'retrain', run: 7, msg: 'done' });
  });

  it('serialises errors with their message and stack', () => {
    const { logger, parsed } = capture();
    logger.error('failed', { error: new Error('disk full') });
    const error = parsed()[0]!.error as Record<string, string>;
    expect(error.message).toBe('disk full');
    expect(error.stack).toContain('disk full');
  });
});
