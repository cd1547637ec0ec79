import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract } from './contract.ts';
import type { Storage } from './storage.ts';
import { formatReport, readValidated, validateFile } from './validate-file.ts';

const sales = defineContract({
  name: 'sales',
  version: 1,
  schema: z.object({
    region: z.enum(['north', 'south']),
    amount: z.coerce.number().nonnegative(),
  }),
});

async function fileWith(name: string, text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'data-sdk-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('validateFile', () => {
  it('reports bad rows of a CSV file with line numbers and the failing field', async () => {
    const path = await fileWith('sales.csv', 'region,amount\nnorth,10\nwest,5\nsouth,-1\nsouth,2.5\n');
    const report = await validateFile(sales, path);
    expect(report).toMatchObject({ rows: 4, valid: 2, invalid: 2, truncated: false });
    expect(report.errors.map((e) => `${e.line}:${e.field}`)).toEqual(['3:region', '4:amount']);
    expect(formatReport(report)).toContain('line 3, field region');
  });

  it('validates JSON Lines the same way', async () => {
    const path = await fileWith('sales.jsonl', '{"region":"north","amount":1}\n{"region":"north"}\n');
    const report = await validateFile(sales, path);
    expect(report.errors).toEqual([{ line: 2, field: 'amount', message: expect.any(String) }]);
  });

  it('caps the errors it keeps but keeps counting', async () => {
    const body = Array.from({ length: 50 }, () => 'west,1').join('\n');
    const report = await validateFile(sales, await fileWith('bad.csv', `region,amount\n${body}\n`), { maxErrors: 5 });
    expect(report.invalid).toBe(50);
    expect(report.errors).toHaveLength(5);
    expect(report.truncated).toBe(true);
  });
});

describe('readValidated', () => {
  it('yields only valid, typed records', async () => {
    const path = await fileWith('s.csv', 'region,amount\nnorth,10\nwest,5\nsouth,3\n');
    const { records, report } = readValidated(sales, path);
    const amounts: number[] = [];
    for await (const r of records) amounts.push(r.amount);
    expect(amounts).toEqual([10, 3]);
    expect(report.invalid).toBe(1);
  });

  it('streams: the first record arrives long before the source is exhausted', async () => {
    const totalChunks = 10_000;
    let produced = 0;
    function* chunks() {
      yield 'region,amount\n';
      for (let i = 0; i < totalChunks; i++) {
        produced += 1;
        yield 'north,1\n'.repeat(100);
      }
    }
    const storage: Storage = { openRead: async () => Readable.from(chunks()), write: async () => undefined };
    const { records } = readValidated(sales, 'memory://big.csv', { storage, format: 'csv' });
    const first = await records.next();
    expect(first.value).toEqual({ region: 'north', amount: 1 });
    expect(produced).toBeLessThan(totalChunks / 10);
    await records.return(undefined);
  });
});
