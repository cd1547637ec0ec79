import { describe, expect, it } from 'vitest';
import { dashboardUid } from './dashboards.js';

describe('dashboard uids', () => {
  it('stay readable when short and distinct within the 40 characters Grafana allows when long', () => {
    expect(dashboardUid('staging', 'acme-churn-api')).toBe('wb-staging-acme-churn-api');
    const a = dashboardUid('production', 'a-very-long-customer-app-name-number-one');
    const b = dashboardUid('production', 'a-very-long-customer-app-name-number-two');
    expect(a).not.toBe(b);
    expect([a.length, b.length]).toEqual([40, 40]);
    expect(dashboardUid('production', 'a-very-long-customer-app-name-number-one')).toBe(a);
  });
});
