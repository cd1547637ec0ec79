import { describe, expect, it } from 'vitest';
import { planPromotion, PromotionRefused } from '../src/promote/plan-promotion.js';
import { stackStateOf } from '../src/promote/stack-state.js';

const sha = (c: string) => c.repeat(40);
const pin = (app: string, c: string) => ({ image: `r/${app}`, tag: `sha-${sha(c).slice(0, 12)}`, commit: sha(c) });
const state = (env: string, releases: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  stackStateOf(env, JSON.stringify({ config: { 'workloads:releases': releases, ...extra } }));

const staging = state('staging', { api: pin('api', 'b'), etl: pin('etl', 'b'), fresh: { image: 'r/fresh', tag: 'sha-000000000000', commit: sha('0') } });
const production = state('production', { api: pin('api', 'a'), etl: pin('etl', 'b') });
const now = new Date('2026-11-25T10:00:00Z');

describe('planPromotion', () => {
  it('moves what differs, skipping what already runs and never-released placeholders', () => {
    const plan = planPromotion({ source: staging, target: production, now });
    expect(plan.changes.map((c) => [c.app, c.from?.tag, c.to.tag])).toEqual([['api', `sha-${sha('a').slice(0, 12)}`, `sha-${sha('b').slice(0, 12)}`]]);
    expect(plan.skipped.map((s) => s.app)).toEqual(['etl', 'fresh']);
  });

  it('leaves held apps alone unless named, and then releases the hold', () => {
    const held = state('production', { api: pin('api', 'a') }, { 'workloads:holds': { api: { version: 'sha-aaaaaaaaaaaa', reason: 'rollback', since: '2026-11-20' } } });
    expect(planPromotion({ source: staging, target: held, now }).skipped.find((s) => s.app === 'api')?.why).toMatch(/held in production/);
    expect(planPromotion({ source: staging, target: held, apps: ['api'], now }).changes).toEqual([expect.objectContaining({ app: 'api', clearsHold: true })]);
  });

  it('blocks a frozen target except for hotfixes', () => {
    const frozen = state('production', {}, { 'workloads:freezes': [{ start: '2026-11-24T00:00:00Z', end: '2026-11-26T00:00:00Z', reason: 'launch' }] });
    expect(() => planPromotion({ source: staging, target: frozen, now })).toThrow(PromotionRefused);
    expect(() => planPromotion({ source: staging, target: frozen, now })).toThrow(/frozen from .* launch/);
    expect(planPromotion({ source: staging, target: frozen, hotfix: { reason: 'outage' }, now }).changes.length).toBe(2);
  });

  it('refuses an unknown app, an unverified version without hotfix, and a hotfix without reason', () => {
    expect(() => planPromotion({ source: staging, target: production, apps: ['nope'], now })).toThrow(/no release of nope runs in staging/);
    expect(() => planPromotion({ source: staging, target: production, apps: ['api'], version: { tag: 'sha-cccccccccccc', commit: sha('c') }, now })).toThrow(
      /not the version running in staging/,
    );
    expect(() => planPromotion({ source: staging, target: production, hotfix: { reason: ' ' }, now })).toThrow(/needs --reason/);
  });

  describe('models', () => {
    const model = (version: string) => ({ version, artifact: `lake://models/acme/churn/${version}/model.json`, sha256: version.repeat(64), registeredAt: '2026-11-24T03:00:00Z', metrics: { auc: 0.8 } });
    const source = state('staging', { api: pin('api', 'b') }, { 'workloads:models': { 'acme-churn': model('8'), 'globex-demand': model('3') } });

    it('moves the model versions staging serves with the apps, and only the named ones when some are named', () => {
      const target = state('production', { api: pin('api', 'a') }, { 'workloads:models': { 'acme-churn': model('7'), 'globex-demand': model('3') } });
      const plan = planPromotion({ source, target, now });
      expect(plan.changes.map((c) => c.app)).toEqual(['api']);
      expect(plan.modelChanges).toEqual([{ model: 'acme-churn', from: model('7'), to: model('8'), clearsHold: false }]);
      expect(plan.skipped).toContainEqual({ app: 'globex-demand (model)', why: 'production already serves version 3' });
      const onlyModel = planPromotion({ source, target, models: ['acme-churn'], now });
      expect([onlyModel.changes, onlyModel.modelChanges.map((c) => c.model)]).toEqual([[], ['acme-churn']]);
      expect(planPromotion({ source, target, apps: ['api'], now }).modelChanges).toEqual([]);
    });

    it('leaves a model held after a rollback alone unless named, and refuses a model staging does not serve', () => {
      const held = state('production', {}, { 'workloads:models': { 'acme-churn': model('7') }, 'workloads:holds': { 'model/acme-churn': { version: '7', reason: 'worse recall', since: '2026-11-24' } } });
      expect(planPromotion({ source, target: held, now }).skipped.find((s) => s.app === 'acme-churn (model)')?.why).toMatch(/held in production at version 7 .*--model acme-churn/);
      expect(planPromotion({ source, target: held, models: ['acme-churn'], now }).modelChanges).toEqual([expect.objectContaining({ model: 'acme-churn', clearsHold: true })]);
      expect(() => planPromotion({ source, target: held, models: ['acme-fraud'], now })).toThrow(/--model acme-fraud: staging serves no pinned version of acme-fraud \(pinned there: acme-churn, globex-demand\)/);
    });
  });
});
