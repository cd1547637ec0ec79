import { describe, expect, it } from 'vitest';
import { cronScheduleProblem } from './cron-schedule.ts';

describe('cron schedules Kubernetes accepts', () => {
  it('accepts the standard forms: ranges, lists, steps, names and descriptors', () => {
    for (const schedule of ['0 3 * * *', '*/15 8-18 * * mon-fri', '30 2 1,15 * *', '0 0 1 jan,jul ?', '5 4 * * sun', '0 */2 * * 1-5', '@daily', '@hourly', '@yearly', '0 0 31 12 6']) {
      expect(cronScheduleProblem(schedule), schedule).toBeUndefined();
    }
  });

  it('refuses what the API server would refuse, saying which field and why', () => {
    expect(cronScheduleProblem('99 99 * * *')).toBe('minute: 99 is outside 0-59');
    expect(cronScheduleProblem('0 24 * * *')).toBe('hour: 24 is outside 0-23');
    expect(cronScheduleProblem('0 0 0 * *')).toBe('day of month: 0 is outside 1-31');
    expect(cronScheduleProblem('0 0 * 13 *')).toBe('month: 13 is outside 1-12');
    expect(cronScheduleProblem('0 0 * * 7')).toBe('day of week: 7 is outside 0-6');
    expect(cronScheduleProblem('0 0 * * funday')).toMatch(/day of week: "funday" is not a number or name/);
    expect(cronScheduleProblem('10-5 * * * *')).toBe('minute: 10-5 runs backwards');
    expect(cronScheduleProblem('*/0 * * * *')).toMatch(/bad step/);
    expect(cronScheduleProblem('0 3 * *')).toMatch(/expected five fields/);
    expect(cronScheduleProblem('@fortnightly')).toMatch(/unknown descriptor/);
    expect(cronScheduleProblem('TZ=Europe/Berlin 0 3 * * *')).toMatch(/time zones/);
  });
});
