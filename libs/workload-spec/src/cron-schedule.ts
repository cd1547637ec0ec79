// The cron dialect Kubernetes accepts for CronJobs (robfig/cron's standard parser): five fields
// with ranges, lists, steps and month/day names, or one of the @ descriptors. A regular expression
// cannot check ranges, and "99 99 * * *" would render and then be refused by the API server.

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

function value(text: string, field: Field): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + field.min;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Why one part of a comma list is wrong, or undefined. */
function checkPart(part: string, field: Field): string | undefined {
  const [range = '', step, extra] = part.split('/');
  if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `"${part}" has a bad step; write e.g. "*/15"`;
  if (range === '*' || range === '?') return undefined;
  const [low = '', high, more] = range.split('-');
  if (more !== undefined) return `"${part}" is not a range like "1-5"`;
  const from = value(low, field);
  const to = high === undefined ? from : value(high, field);
  if (from === undefined || to === undefined) return `"${part}" is not a number${field.names ? ' or name' : ''}`;
  if (from < field.min || to > field.max) return `${part} is outside ${field.min}-${field.max}`;
  if (from > to) return `${part} runs backwards`;
  return undefined;
}

/** Why `schedule` is not a schedule Kubernetes accepts, or undefined when it is. */
export function cronScheduleProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('@')) {
    return DESCRIPTORS.includes(trimmed) ? undefined : `unknown descriptor ${trimmed}; use one of ${DESCRIPTORS.join(', ')} or five fields`;
  }
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'time zones in the schedule are refused by Kubernetes; schedules run in UTC';
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) return `expected five fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *"; got ${parts.length}`;
  for (const [i, text] of parts.entries()) {
    const field = FIELDS[i]!;
    for (const part of text.split(',')) {
      const problem = checkPart(part, field);
      if (problem) return `${field.name}: ${problem}`;
    }
  }
  return undefined;
}
