import { describe, expect, it } from 'vitest';
import { jobName } from './batch-workloads.js';
import { doubleCpu } from './quantities.js';

describe('doubleCpu (the default CPU limit)', () => {
  it('doubles millicores and whole or fractional cores', () => {
    expect(doubleCpu('250m')).toBe('500m');
    expect(doubleCpu('1')).toBe('2');
    expect(doubleCpu('1.5')).toBe('3');
    expect(doubleCpu('0.25')).toBe('500m');
  });
});

describe('jobName', () => {
  it('carries the version so a new release is a new Job, within 63 DNS-safe characters', () => {
    expect(jobName('globex-sales-etl', 'sha-29ec44d424ce')).toBe('globex-sales-etl-sha-29ec44d424ce');
    expect(jobName('etl', 'v1.2_RC')).toBe('etl-v1-2-rc');
    const long = jobName('a'.repeat(50), 'sha-0123456789abcdef');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).not.toMatch(/-$/);
  });
});
