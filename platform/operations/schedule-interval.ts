import { CronExpressionParser } from 'cron-parser';

// A fixed start, so the same schedule always gives the same interval (and the same rendered rule).
const FROM = new Date('2026-01-01T00:00:00Z');
const MAX_RUNS = 1000;
const HORIZON_MS = 400 * 86400_000;

/**
 * The longest time between two runs of a cron schedule, in seconds: "0 9 * * 1-5" runs daily but
 * waits three days over a weekend, and an alert on missed runs must allow for that.
 */
export function longestScheduleGapSeconds(schedule: string): number {
  const runs = CronExpressionParser.parse(schedule, { currentDate: FROM, tz: 'UTC' });
  let previous = runs.next().getTime();
  let longest = 0;
  for (let i = 0; i < MAX_RUNS && previous - FROM.getTime() < HORIZON_MS && runs.hasNext(); i++) {
    const next = runs.next().getTime();
    longest = Math.max(longest, next - previous);
    previous = next;
  }
  return longest / 1000;
}
