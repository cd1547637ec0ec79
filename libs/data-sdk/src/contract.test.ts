import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract, validateRecord } from './contract.ts';

const orders = defineContract({
  name: 'orders',
  version: 1,
  schema: z.object({ order_id: z.string().min(1), quantity: z.coerce.number().int().positive() }),
});

describe('data contracts', () => {
  it('accepts a valid record and returns it typed and coerced', () => {
    expect(validateRecord(orders, { order_id: 'A1', quantity: '3' }, 2)).toEqual({
      ok: true,
      record: { order_id: 'A1', quantity: 3 },
    });
  });

  it('reports each failing field with the line it came from', () => {
    const result = validateRecord(orders, { order_id: '', quantity: '-2' }, 7);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [7, 'order_id'],
      [7, 'quantity'],
    ]);
  });

  it('refuses a contract name that cannot be used in paths and labels', () => {
    expect(() => defineContract({ name: 'Orders V1', version: 1, schema: z.object({}) })).toThrow(/lowercase/);
  });
});
