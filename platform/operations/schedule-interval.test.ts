import { describe, expect, it } from 'vitest';
import { longestScheduleGapSeconds } from './schedule-interval.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('the longest gap between two runs of a schedule', () => {
  it('sees the weekend in a weekday schedule, and the longest month in a monthly one', () => {
    expect(longestScheduleGapSeconds('0 9 * * 1-5')).toBe(3 * DAY);
    // Friday 18:45 to Monday 08:00.
    expect(longestScheduleGapSeconds('*/15 8-18 * * mon-fri')).toBe(2 * DAY + 13 * HOUR + 15 * 60);
    expect(longestScheduleGapSeconds('0 3 ? * mon')).toBe(7 * DAY);
    expect(longestScheduleGapSeconds('0 0 1 * *')).toBe(31 * DAY);
    // July 1st to January 1st.
    expect(longestScheduleGapSeconds('0 0 1 jan,jul ?')).toBe(184 * DAY);
    expect(longestScheduleGapSeconds('@daily')).toBe(DAY);
    expect(longestScheduleGapSeconds('@yearly')).toBe(365 * DAY);
  });

  it('gives the same answer the second time (remembered per schedule)', () => {
    expect(longestScheduleGapSeconds('30 2 1,15 * *')).toBe(longestScheduleGapSeconds('30 2 1,15 * *'));
    expect(longestScheduleGapSeconds('30 2 1,15 * *')).toBe(17 * DAY);
  });
});
