import { CronExpressionParser } from 'cron-parser';

// A fixed start, so the same schedule always gives the same interval (and the same rendered rule).
const FROM = new Date('2026-01-01T00:00:00Z');
const MAX_RUNS = 1000;
const DAY_MS = 86400_000;
/** Long enough for any schedule: a yearly one, and a monthly one through February. */
const HORIZON_MS = 400 * DAY_MS;
/**
 * A schedule that names no day of the month and no month repeats every week (in UTC): two weeks
 * hold its longest gap, wrap-around included.
 */
const WEEKLY_HORIZON_MS = 15 * DAY_MS;

const longest = new Map<string, number>();

/**
 * The longest time between two runs of a cron schedule, in seconds: "0 9 * * 1-5" runs daily but
 * waits three days over a weekend, and an alert on missed runs must allow for that. Remembered
 * per schedule: many apps share one, and walking the runs is the costly part.
 */
export function longestScheduleGapSeconds(schedule: string): number {
  let seconds = longest.get(schedule);
  if (seconds === undefined) {
    seconds = walkRuns(schedule) / 1000;
    longest.set(schedule, seconds);
  }
  return seconds;
}

function walkRuns(schedule: string): number {
  const runs = CronExpressionParser.parse(schedule, { currentDate: FROM, tz: 'UTC' });
  const [, , dayOfMonth, month] = schedule.trim().split(/\s+/).slice(-5);
  const horizon = (dayOfMonth === '*' || dayOfMonth === '?') && month === '*' ? WEEKLY_HORIZON_MS : HORIZON_MS;
  let previous = runs.next().getTime();
  let gap = 0;
  for (let i = 0; i < MAX_RUNS && previous - FROM.getTime() < horizon && runs.hasNext(); i++) {
    const next = runs.next().getTime();
    gap = Math.max(gap, next - previous);
    previous = next;
  }
  return gap;
}
