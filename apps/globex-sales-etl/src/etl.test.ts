import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@workbench/platform-sdk';
import { describe, expect, it } from 'vitest';
import { InputQualityError, runSalesEtl } from './etl.js';

const sample = fileURLToPath(new URL('../data/sales.csv', import.meta.url));

function logger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger({ service: 'test', write: (l) => lines.push(JSON.parse(l)) }) };
}

describe('runSalesEtl', () => {
  it('aggregates the sample into revenue per month and region, rejecting the three bad rows', async () => {
    const { logger: log, lines } = logger();
    const outputUri = join(await mkdtemp(join(tmpdir(), 'etl-')), 'out', 'revenue.csv');
    const result = await runSalesEtl({ inputUri: sample, outputUri, maxInvalidRatio: 0.02, logger: log });
    expect(result).toMatchObject({ rowsRead: 603, rowsRejected: 3, groups: 24 });

    const csv = (await readFile(outputUri, 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('month,region,orders,units,revenue');
    expect(csv).toHaveLength(25);
    const orders = csv.slice(1).reduce((sum, line) => sum + Number(line.split(',')[2]), 0);
    expect(orders).toBe(600);
    const revenue = csv.slice(1).reduce((sum, line) => sum + Number(line.split(',')[4]), 0);
    expect(revenue).toBeCloseTo(result.totalRevenue, 2);
    expect(csv[1]).toMatch(/^2026-01,east,/);

    const rejected = lines.filter((l) => l.msg === 'row rejected by contract').map((l) => `${l.line}:${l.field}`);
    expect(rejected).toEqual(['51:order_date', '301:region', '451:quantity']);
  });

  it('computes revenue exactly for a small known input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etl-'));
    const inputUri = join(dir, 'in.csv');
    await writeFile(inputUri, 'order_id,order_date,region,product,quantity,unit_price\nSO-1,2026-03-01,north,a,3,0.1\nSO-2,2026-03-09,north,b,1,0.2\nSO-3,2026-04-01,south,a,2,5\n');
    const outputUri = join(dir, 'out.csv');
    await runSalesEtl({ inputUri, outputUri, maxInvalidRatio: 0, logger: logger().logger });
    expect(await readFile(outputUri, 'utf8')).toBe('month,region,orders,units,revenue\n2026-03,north,2,4,0.50\n2026-04,south,1,2,10.00\n');
  });

  it('writes nothing when too many rows are invalid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etl-'));
    const inputUri = join(dir, 'in.csv');
    await writeFile(inputUri, 'order_id,order_date,region,product,quantity,unit_price\nSO-1,2026-13-01,north,a,3,1\nSO-2,2026-03-09,north,b,1,2\n');
    const outputUri = join(dir, 'out.csv');
    await expect(runSalesEtl({ inputUri, outputUri, maxInvalidRatio: 0.1, logger: logger().logger })).rejects.toBeInstanceOf(InputQualityError);
    await expect(readFile(outputUri)).rejects.toThrow(/ENOENT/);
  });
});
