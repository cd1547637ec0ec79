import { describe, expect, it } from 'vitest';
import { promotionBody, PROMOTION_MARKER } from '../src/promote/pr-body.js';

const pin = (tag: string) => ({ image: 'r/api', tag, commit: tag.padEnd(40, '0') });

describe('promotionBody', () => {
  it('tables each app with its versions and short commits, then skips and the manifest summary', () => {
    const body = promotionBody({
      title: 'Promote api sha-b to production',
      target: 'production',
      changes: [{ app: 'api', from: pin('sha-a'), to: pin('sha-b'), clearsHold: true, commits: [`${'c'.repeat(40)} fix | pipes in subjects`], configCommits: [] }],
      skipped: [{ app: 'etl', why: 'production already runs sha-a' }],
      reason: { kind: 'Hotfix', text: 'CVE' },
      manifestSummary: '0 added, 1 changed, 0 removed',
    });
    expect(body.startsWith(PROMOTION_MARKER)).toBe(true);
    expect(body).toContain('> **Hotfix**: CVE');
    expect(body).toContain('| `api` | `sha-a` | `sha-b` (releases its hold) | `cccccccccccc` fix \\| pipes in subjects |');
    expect(body).toContain('- `etl`: production already runs sha-a');
    expect(body).toContain('**Manifests in production**: 0 added, 1 changed, 0 removed');
    expect(body).not.toContain('Configuration changed since');
  });

  it('says which apps run with configuration newer than their image, with the commits that changed it', () => {
    const body = promotionBody({
      title: 'Roll back api in production to sha-a',
      target: 'production',
      changes: [{ app: 'api', from: pin('sha-b'), to: pin('sha-a'), clearsHold: false, commits: [], configCommits: [`${'d'.repeat(40)} api: new env var`] }],
      skipped: [],
      manifestSummary: '0 added, 1 changed, 0 removed',
    });
    expect(body).toContain('**Configuration changed since the version moved.** Promotion moves images only');
    expect(body).toContain('| `api` | `sha-a` | `dddddddddddd` api: new env var |');
  });

  it('tables each model with its versions, trigger, and every metric against the version it replaces', () => {
    const model = (version: string, auc: number, recall: number) => ({ version, artifact: `lake://models/acme/churn/run-${version}/model.json`, sha256: version.repeat(64).slice(0, 64), registeredAt: '2026-11-24T03:00:00.000Z', trigger: 'drift', metrics: { auc, recall } });
    const body = promotionBody({
      title: 'Promote acme-churn model 8 to production',
      target: 'production',
      changes: [],
      modelChanges: [{ model: 'acme-churn', from: model('7', 0.842, 0.7), to: model('8', 0.861, 0.65), clearsHold: false }],
      skipped: [],
      manifestSummary: '0 added, 1 changed, 0 removed',
    });
    expect(body).not.toContain('| app |');
    expect(body).toContain('| `acme-churn` | version 7 | version 8 | 2026-11-24T03:00:00.000Z | drift | auc 0.861 (was 0.842, +0.019)<br>recall 0.650 (was 0.700, −0.050) |');
    expect(body).toContain('`lake://models/acme/churn/run-8/model.json`');
  });
});
