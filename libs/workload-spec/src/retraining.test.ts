import { describe, expect, it } from 'vitest';
import { parseWorkload, WorkloadSpecError } from './parse-workload.ts';
import { retrainingTriggers } from './retraining.ts';

const cron = (extra: string, kind = 'cron') => `apiVersion: workbench.dev/v1
kind: ${kind}
customer: acme
owner: acme-ds
description: d
${kind === 'cron' ? 'schedule: "0 3 * * *"\n' : 'port: 8080\n'}resources: { cpu: 100m, memory: 128Mi }
data: { read: [lake://raw/acme/exports/] }
${extra}`;

const problemsOf = (text: string) => {
  try {
    parseWorkload(text, 'workload.yaml');
    return [];
  } catch (error) {
    return (error as InstanceType<typeof WorkloadSpecError>).problems.map((p) => `${p.field}: ${p.message}`);
  }
};

describe('retraining in workload.yaml', () => {
  it('fills the defaults and lists the triggers, the schedule first', () => {
    const spec = parseWorkload(cron('retraining: { model: churn, drift: { app: churn-api }, newData: { prefix: lake://raw/acme/exports/ } }\n'), 'workload.yaml');
    if (spec.kind !== 'cron' || !spec.retraining) throw new Error('expected a cron with retraining');
    expect(spec.retraining).toEqual({ model: 'churn', cooldown: '6h', drift: { app: 'churn-api', threshold: 0.2, for: '30m' }, newData: { prefix: 'lake://raw/acme/exports/', batch: 1 } });
    expect(retrainingTriggers(spec.retraining)).toEqual(['schedule', 'drift', 'newData']);
    const scheduleOnly = parseWorkload(cron('retraining: { model: churn }\n'), 'workload.yaml');
    expect(scheduleOnly.kind === 'cron' && scheduleOnly.retraining && retrainingTriggers(scheduleOnly.retraining)).toEqual(['schedule']);
  });

  it('refuses, by field: a service retraining, new data the app may not read, bad thresholds and durations', () => {
    expect(problemsOf(cron('retraining: { model: churn }\n', 'service')).join('\n')).toMatch(/retraining/);
    expect(problemsOf(cron('retraining: { model: churn, newData: { prefix: lake://raw/acme/other/ } }\n'))).toEqual([
      'retraining.newData.prefix: lake://raw/acme/other/ is not a prefix this app reads; add it (or a prefix above it) to data.read',
    ]);
    expect(problemsOf(cron('retraining: { model: churn, drift: { app: churn-api, threshold: 0 } }\n')).join('\n')).toMatch(/retraining.drift.threshold/);
    expect(problemsOf(cron('retraining: { model: churn, cooldown: soon }\n')).join('\n')).toMatch(/retraining.cooldown: expected a duration/);
    expect(problemsOf(cron('retraining: { model: Churn_Model }\n')).join('\n')).toMatch(/retraining.model/);
  });
});
