import { describe, expect, it } from 'vitest';
import { liveChanges, mergeEffects, requiredApprovals } from '../src/ci/merge-effects.js';
import { formatMergeEffects } from '../src/ci/pr-report.js';
import { operationsChanges } from '../src/diff/operations-diff.js';

const deployment = (app: string, replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: acme\n  labels:\n    app.kubernetes.io/name: ${app}\nspec:\n  replicas: ${replicas}\n`;

const CODEOWNERS = [
  '* @org/platform-team',
  '/environments/production/ @org/platform-team',
  '/apps/churn-api/ @org/data-science',
  '/apps/churn-api/docs/ @org/writers',
].join('\n');

describe('what merging does', () => {
  it('groups rendered changes by environment and by the app whose objects they are', () => {
    const groups = liveChanges([
      { env: 'staging', changes: [] },
      {
        env: 'production',
        changes: [
          { change: 'changed', object: 'Deployment acme/churn-api', patch: '', before: deployment('churn-api', 2), after: deployment('churn-api', 3) },
          { change: 'added', object: 'Namespace initech', patch: '', after: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: initech\n' },
        ],
      },
    ]);
    expect(groups).toEqual([
      { env: 'production', owner: 'churn-api', objects: ['~ Deployment acme/churn-api'] },
      { env: 'production', owner: 'platform', objects: ['+ Namespace initech'] },
    ]);
  });

  it('takes the last matching CODEOWNERS pattern, as GitHub does, and groups files by owners', () => {
    expect(requiredApprovals(CODEOWNERS, ['apps/churn-api/src/a.ts', 'apps/churn-api/docs/x.md', 'environments/production/apps/acme/d.yaml', 'libs/x/y.ts'])).toEqual([
      { owners: ['@org/data-science'], files: ['apps/churn-api/src/a.ts'] },
      { owners: ['@org/platform-team'], files: ['environments/production/apps/acme/d.yaml', 'libs/x/y.ts'] },
      { owners: ['@org/writers'], files: ['apps/churn-api/docs/x.md'] },
    ]);
    expect(requiredApprovals('', ['a.ts'])).toEqual([]);
  });

  it('says production changes at merge first, names the configuration, and releases only deployable apps', () => {
    const effects = mergeEffects({
      affected: [
        { project: 'data-sdk', type: 'lib', reason: 'changed: libs/data-sdk/src/a.ts', deployable: false },
        { project: 'churn-api', type: 'app', reason: 'depends on data-sdk (changed)', deployable: true },
      ],
      diffs: [
        { env: 'staging', changes: [{ change: 'changed', object: 'Deployment acme/churn-api', patch: '', before: deployment('churn-api', 1), after: deployment('churn-api', 2) }] },
        { env: 'production', changes: [{ change: 'changed', object: 'Deployment acme/churn-api', patch: '', before: deployment('churn-api', 2), after: deployment('churn-api', 3) }] },
      ],
      changedFiles: ['apps/churn-api/workload.yaml', 'platform/workloads/Pulumi.production.yaml', 'libs/data-sdk/src/a.ts'],
      codeowners: CODEOWNERS,
    });
    expect(effects.releases).toEqual([{ app: 'churn-api', reason: 'depends on data-sdk (changed)' }]);
    expect(effects.configuration).toEqual(['apps/churn-api/workload.yaml', 'platform/workloads/Pulumi.production.yaml']);
    const text = formatMergeEffects(effects).join('\n');
    expect(text).toContain('| `churn-api` | depends on data-sdk (changed) |');
    expect(text).not.toContain('| `data-sdk` |');
    expect(text.indexOf('⚠️ **production** · `churn-api`: `~ Deployment acme/churn-api`')).toBeLessThan(text.indexOf('- staging · `churn-api`'));
    expect(text).toContain('Configuration changed here: `apps/churn-api/workload.yaml`, `platform/workloads/Pulumi.production.yaml`.');
    expect(text).toContain('- @org/data-science: `apps/churn-api/workload.yaml`');
  });

  it('says plainly when nothing is released and production waits for a promotion', () => {
    const text = formatMergeEffects(mergeEffects({ affected: [], diffs: [{ env: 'production', changes: [] }], changedFiles: ['README.md'], codeowners: CODEOWNERS })).join('\n');
    expect(text).toContain('**Nothing is released:** no deployable app is affected.');
    expect(text).toContain('**Nothing goes live at merge:** no rendered manifest changes; production changes only through a promotion.');
    expect(text).toContain('- @org/platform-team: `README.md`');
  });

  it('names the alerts and dashboards a change adds, changes and removes, per environment', () => {
    const rule = (alerts: [string, string][]) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: churn-api\n  namespace: acme\nspec:\n  groups:\n    - name: churn-api.rules\n      rules:\n${alerts
        .map(([alert, expr]) => `        - alert: ${alert}\n          expr: ${expr}\n          labels:\n            app: churn-api\n            severity: critical\n`)
        .join('')}`;
    const board = (title: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: churn-api-dashboard\n  namespace: acme\n  labels:\n    grafana_dashboard: "1"\ndata:\n  churn-api.json: '${JSON.stringify({ title })}'\n`;
    const changes = [
      {
        change: 'changed' as const,
        object: 'PrometheusRule acme/churn-api',
        patch: '',
        before: rule([['ServiceAvailabilityBurnRateFast', 'x > 0.072'], ['ServicePodsCrashLooping', 'y > 3']]),
        after: rule([['ServiceAvailabilityBurnRateFast', 'x > 0.0144'], ['ServiceReplicasUnavailable', 'z > 0']]),
      },
      { change: 'added' as const, object: 'ConfigMap acme/churn-api-dashboard', patch: '', after: board('churn-api (production)') },
      { change: 'changed' as const, object: 'Deployment acme/churn-api', patch: '', before: deployment('churn-api', 2), after: deployment('churn-api', 3) },
    ];
    expect(operationsChanges(changes)).toEqual({
      added: ['alert ServiceReplicasUnavailable (churn-api, critical)', 'dashboard "churn-api (production)"'],
      changed: ['alert ServiceAvailabilityBurnRateFast (churn-api, critical)'],
      removed: ['alert ServicePodsCrashLooping (churn-api, critical)'],
    });
    const effects = mergeEffects({ affected: [], diffs: [{ env: 'production', changes }, { env: 'staging', changes: [] }], changedFiles: [], codeowners: '' });
    expect(effects.operations.map((o) => o.env)).toEqual(['production']);
    const text = formatMergeEffects(effects).join('\n');
    expect(text).toContain('**Alerts and dashboards**');
    expect(text).toContain('- ⚠️ **production**: `+ alert ServiceReplicasUnavailable (churn-api, critical)`, `+ dashboard "churn-api (production)"`, `~ alert ServiceAvailabilityBurnRateFast (churn-api, critical)`, `- alert ServicePodsCrashLooping (churn-api, critical)`');
  });
});
