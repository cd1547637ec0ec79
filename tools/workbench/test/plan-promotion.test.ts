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
});
