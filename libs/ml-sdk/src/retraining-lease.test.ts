import type { V1Lease } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { type LeaseStore, takeRetrainingRun, TRIGGER_ANNOTATION } from './retraining-lease.ts';

/** A Lease store that behaves as the API server does: a write with a stale resourceVersion is a 409. */
function fakeStore(initial: V1Lease['spec'] = {}) {
  let version = 1;
  let lease: V1Lease = { metadata: { name: 'retraining-churn', resourceVersion: '1' }, spec: initial };
  const store: LeaseStore = {
    read: async () => structuredClone(lease),
    replace: async (next) => {
      if (next.metadata?.resourceVersion !== String(version)) throw Object.assign(new Error('Conflict'), { code: 409 });
      version += 1;
      lease = { ...structuredClone(next), metadata: { ...next.metadata, resourceVersion: String(version) } };
      return structuredClone(lease);
    },
  };
  return { store, current: () => lease };
}

const at = (iso: string) => new Date(iso);
const request = (store: LeaseStore, holder: string, now: string, trigger = 'schedule') => ({ store, holder, trigger, cooldownSeconds: 6 * 3600, maxRunSeconds: 3 * 3600, now: at(now) });

describe('the retraining lease', () => {
  it('lets one run start, records its trigger, and keeps the start for the cooldown after release', async () => {
    const { store, current } = fakeStore();
    const first = await takeRetrainingRun(request(store, 'pod-a', '2026-11-24T02:30:00Z', 'drift'));
    expect(first.run).toBe(true);
    expect(current().spec).toMatchObject({ holderIdentity: 'pod-a', leaseDurationSeconds: 10800, leaseTransitions: 1 });
    expect(current().metadata?.annotations?.[TRIGGER_ANNOTATION]).toBe('drift');
    if (first.run) await first.release();
    expect(current().spec?.holderIdentity).toBeUndefined();
    expect(current().spec?.acquireTime).toEqual(at('2026-11-24T02:30:00Z'));
  });

  it('refuses a second run while one holds it, whatever fired', async () => {
    const { store } = fakeStore();
    await takeRetrainingRun(request(store, 'pod-a', '2026-11-24T02:30:00Z'));
    const second = await takeRetrainingRun(request(store, 'pod-b', '2026-11-24T02:40:00Z', 'newData'));
    expect(second).toEqual({ run: false, reason: 'running', detail: 'pod-a has been running since 2026-11-24T02:30:00.000Z' });
  });

  it('skips a run within the cooldown of the last start, and allows one after it', async () => {
    const { store, current } = fakeStore({ acquireTime: at('2026-11-24T02:30:00Z') });
    const early = await takeRetrainingRun(request(store, 'pod-b', '2026-11-24T08:00:00Z', 'drift'));
    expect(early).toEqual({ run: false, reason: 'cooldown', detail: 'the last run started at 2026-11-24T02:30:00.000Z; the next may start after 2026-11-24T08:30:00.000Z' });
    // The skip is noted on the Lease for the RetrainingSkippedByCooldown alert; the start stays.
    expect(current().metadata?.annotations).toMatchObject({ 'workbench.dev/skipped-at': String(Date.parse('2026-11-24T08:00:00Z') / 1000), 'workbench.dev/skipped-trigger': 'drift' });
    expect(current().spec?.acquireTime).toEqual(at('2026-11-24T02:30:00Z'));
    expect((await takeRetrainingRun(request(store, 'pod-b', '2026-11-24T08:31:00Z', 'drift'))).run).toBe(true);
  });

  it('takes over from a run that died without releasing, once its deadline has passed', async () => {
    const { store } = fakeStore({ holderIdentity: 'pod-dead', acquireTime: at('2026-11-23T02:30:00Z'), renewTime: at('2026-11-23T02:30:00Z'), leaseDurationSeconds: 3600 });
    expect((await takeRetrainingRun(request(store, 'pod-c', '2026-11-24T02:30:00Z'))).run).toBe(true);
  });

  it('of two runs taking it at the same moment, exactly one starts', async () => {
    const { store } = fakeStore();
    const results = await Promise.all(['pod-a', 'pod-b'].map((holder) => takeRetrainingRun(request(store, holder, '2026-11-24T02:30:00Z'))));
    expect(results.filter((r) => r.run)).toHaveLength(1);
    expect(results.find((r) => !r.run)).toMatchObject({ reason: 'running' });
  });
});
