import { describe, expect, it } from 'vitest';
import { planModelRelease, type ServedModel } from '../src/promote/plan-model-release.js';

const served: ServedModel[] = [{ registeredModel: 'acme-churn', customer: 'acme', model: 'churn', apps: ['acme-churn-api'] }];
const version = (n: string, artifact = `lake://models/acme/churn/run-${n}/model.json`) => ({ version: n, artifact, sha256: n.repeat(64), registeredAt: '2026-11-24T03:00:00.000Z', trigger: 'newData', metrics: { auc: 0.85 } });
const pinOf = (n: string) => ({ version: n, artifact: `lake://models/acme/churn/run-${n}/model.json`, sha256: n.repeat(64), registeredAt: '2026-11-20T03:00:00.000Z' });

describe('planModelRelease', () => {
  it('pins the newest version past its bar, with its trigger and metrics, and says what it replaces', () => {
    const plan = planModelRelease({ served, current: { 'acme-churn': pinOf('7') }, holds: {}, readings: { 'acme-churn': { releasable: [version('9'), version('8')], leftOut: [{ version: '10', why: 'it did not pass its bar' }] } } });
    expect(plan.pins).toEqual({ 'acme-churn': { ...version('9') } });
    expect(plan.report.map((r) => r.line)).toEqual(['version 10 left out: it did not pass its bar', 'version 7 -> version 9 (retrained on newData)']);
  });

  it('never goes back to an older version, leaves a held model alone, and refuses an artifact outside the model’s folder', () => {
    const reading = { releasable: [version('6')], leftOut: [] };
    expect(planModelRelease({ served, current: { 'acme-churn': pinOf('7') }, holds: {}, readings: { 'acme-churn': reading } }).pins).toEqual({});
    const held = planModelRelease({ served, current: { 'acme-churn': pinOf('5') }, holds: { 'model/acme-churn': { version: '5', reason: 'recall dropped', since: '2026-11-24' } }, readings: { 'acme-churn': reading } });
    expect([held.pins, held.report[0]!.line]).toEqual([{}, expect.stringMatching(/^held at version 5 .*--model acme-churn/)]);
    const outside = planModelRelease({ served, current: {}, holds: {}, readings: { 'acme-churn': { releasable: [version('1', 'lake://models/globex/churn/run-1/model.json')], leftOut: [] } } });
    expect([outside.pins, outside.report[0]!.line]).toEqual([{}, 'version 1 left out: its artifact lake://models/globex/churn/run-1/model.json is outside lake://models/acme/churn/, the folder acme-churn-api load it from']);
  });

  it('leaves out a version whose artifact climbs out of the model’s folder, naming the field', () => {
    const climbing = planModelRelease({ served, current: {}, holds: {}, readings: { 'acme-churn': { releasable: [version('2', 'lake://models/acme/churn/../../globex/churn/run-1/model.json')], leftOut: [] } } });
    expect([climbing.pins, climbing.report[0]!.line]).toEqual([{}, 'version 2 left out: artifact: expected a plain path: no "..", "." or empty segments']);
  });
});
