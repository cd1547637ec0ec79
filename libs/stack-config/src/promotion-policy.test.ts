import { describe, expect, it } from 'vitest';
import { activeFreeze, describeFreeze, freezeSchema, type Freeze } from './promotion-policy.ts';

const weekly: Freeze = { weekly: { days: ['fri'], from: '16:00', to: '23:59' }, timeZone: 'Europe/Berlin', reason: 'no Friday deploys' };
const absolute: Freeze = { start: '2026-12-20T00:00:00Z', end: '2027-01-04T00:00:00Z', reason: 'year-end freeze' };

describe('freeze windows', () => {
  it('applies an absolute window between its start and end', () => {
    expect(activeFreeze([absolute], new Date('2026-12-24T12:00:00Z'))).toBe(absolute);
    expect(activeFreeze([absolute], new Date('2027-01-04T00:00:00Z'))).toBeUndefined();
  });

  it('applies a weekly window in its own time zone', () => {
    // Friday 2026-11-27 15:30 UTC is 16:30 in Berlin (CET, UTC+1).
    expect(activeFreeze([weekly], new Date('2026-11-27T15:30:00Z'))).toBe(weekly);
    expect(activeFreeze([weekly], new Date('2026-11-27T14:30:00Z'))).toBeUndefined();
    expect(activeFreeze([weekly], new Date('2026-11-26T15:30:00Z'))).toBeUndefined();
    expect(describeFreeze(weekly)).toBe('frozen every fri 16:00–23:59 (Europe/Berlin): no Friday deploys');
  });

  it('refuses a window that ends before it starts, which would silently never apply', () => {
    const result = freezeSchema.safeParse({ start: '2026-12-20T00:00:00Z', end: '2026-12-01T00:00:00Z', reason: 'year end' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(['end', expect.stringContaining('ends before')]);
  });

  it('refuses a malformed window with the field', () => {
    const result = freezeSchema.safeParse({ weekly: { days: ['friday'], from: '4pm', to: '23:59' }, timeZone: 'Mars/Olympus', reason: 'x' });
    expect(result.success).toBe(false);
  });
});
