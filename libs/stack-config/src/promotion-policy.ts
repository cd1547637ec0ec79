import { z } from 'zod';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time such as 16:00');

/** An app kept at a version (after a rollback) until someone deliberately promotes it again. */
export const holdSchema = z.strictObject({
  version: z.string().min(1),
  reason: z.string().min(1),
  since: z.string().min(1),
});
export type Hold = z.infer<typeof holdSchema>;

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Europe/Berlin');

/** A window in which promotions to the environment are refused, except hotfixes. */
export const freezeSchema = z.union([
  z
    .strictObject({
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }),
      reason: z.string().min(1),
    })
    // A window that ends before it starts would never be active and silently let promotions through.
    .refine((window) => Date.parse(window.end) > Date.parse(window.start), {
      path: ['end'],
      message: 'the freeze ends before (or when) it starts, so it would never apply: set end after start',
    }),
  z.strictObject({
    weekly: z.strictObject({ days: z.array(z.enum(DAYS)).min(1), from: clock, to: clock }),
    timeZone,
    reason: z.string().min(1),
  }),
]);
export type Freeze = z.infer<typeof freezeSchema>;

export const holdsSchema = z.record(z.string(), holdSchema).default({});
export const freezesSchema = z.array(freezeSchema).default([]);

/** The weekday and HH:MM of an instant in a time zone. */
function localTime(now: Date, zone: string): { day: (typeof DAYS)[number]; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { day: parts.weekday!.toLowerCase().slice(0, 3) as (typeof DAYS)[number], time: `${parts.hour}:${parts.minute}` };
}

/** The freeze in force at `now`, if any. Weekly windows run from `from` to `to` on each listed day. */
export function activeFreeze(freezes: Freeze[], now: Date): Freeze | undefined {
  return freezes.find((freeze) => {
    if ('start' in freeze) return now >= new Date(freeze.start) && now < new Date(freeze.end);
    const { day, time } = localTime(now, freeze.timeZone);
    return freeze.weekly.days.includes(day) && time >= freeze.weekly.from && time < freeze.weekly.to;
  });
}

export function describeFreeze(freeze: Freeze): string {
  if ('start' in freeze) return `frozen from ${freeze.start} to ${freeze.end}: ${freeze.reason}`;
  return `frozen every ${freeze.weekly.days.join(', ')} ${freeze.weekly.from}–${freeze.weekly.to} (${freeze.timeZone}): ${freeze.reason}`;
}
