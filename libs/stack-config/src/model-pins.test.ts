import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { modelPinSchema, setModelPin } from './model-pins.ts';

const PIN = { version: '7', artifact: 'lake://models/acme/churn/7/model.json', sha256: 'ab'.repeat(32), registeredAt: '2026-11-24T02:40:00Z' };

describe('model pins', () => {
  it('sets one model’s pin in the stack file, keeping comments and the other keys', () => {
    const text = '# staging inputs\nconfig:\n  workloads:domain: example.com # the domain\n';
    const written = setModelPin(text, 'churn', PIN);
    expect(written).toContain('# staging inputs');
    expect(written).toContain('# the domain');
    expect(parse(written).config['workloads:models']).toEqual({ churn: PIN });
    expect(parse(setModelPin(written, 'churn', { ...PIN, version: '8' })).config['workloads:models'].churn.version).toBe('8');
  });

  it('refuses a pin without its content hash, or outside the lake’s models bucket, saying what is expected', () => {
    const problems = (pin: object) => modelPinSchema.safeParse(pin).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(problems({ ...PIN, sha256: 'abc' })).toEqual(['sha256: expected the artifact content hash: 64 lowercase hex digits']);
    expect(problems({ ...PIN, artifact: 's3://elsewhere/model.json' })).toEqual(['artifact: expected the artifact in the lake, e.g. lake://models/acme/churn/7/model.json']);
    expect(problems({ ...PIN, artifact: 'lake://models/acme/churn/../../globex/churn/7/model.json' })).toEqual(['artifact: expected a plain path: no "..", "." or empty segments']);
    expect(problems({ ...PIN, version: 'latest' })).toEqual(['version: expected the MLflow model version, e.g. "7"']);
  });
});
