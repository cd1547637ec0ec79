import { describe, expect, it } from 'vitest';
import { currentTime } from './lab-clock.ts';

describe('currentTime', () => {
  it('is WORKBENCH_NOW when set, the clock otherwise, and refuses a value that is no date', () => {
    expect(currentTime({ WORKBENCH_NOW: '2026-11-24T09:00:00Z' }).toISOString()).toBe('2026-11-24T09:00:00.000Z');
    const before = Date.now();
    expect(currentTime({}).getTime()).toBeGreaterThanOrEqual(before);
    expect(() => currentTime({ WORKBENCH_NOW: 'next tuesday' })).toThrow('WORKBENCH_NOW="next tuesday" is not a date: use an ISO 8601 instant');
  });
});
