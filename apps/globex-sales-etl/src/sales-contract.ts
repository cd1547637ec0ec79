import { defineContract } from '@workbench/data-sdk';
import { z } from 'zod';

// One check, one message: the format and the calendar (no 2026-02-30) are tested together.
const isoDate = z
  .string()
  .refine(
    (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'expected a calendar date as YYYY-MM-DD',
  );

/** Globex's order export: one row per order line. */
export const salesContract = defineContract({
  name: 'globex-sales',
  version: 1,
  description: 'Order lines exported daily from the Globex shop',
  schema: z.object({
    order_id: z.string().regex(/^SO-\d+$/),
    order_date: isoDate,
    region: z.enum(['north', 'south', 'east', 'west']),
    product: z.string().min(1),
    quantity: z.coerce.number().int().positive(),
    unit_price: z.coerce.number().positive(),
  }),
});

/** The ETL's output contract: revenue per month and region. */
export const revenueContract = defineContract({
  name: 'globex-monthly-revenue',
  version: 1,
  schema: z.object({
    month: z.string().regex(/^\d{4}-\d{2}$/),
    region: z.string(),
    orders: z.number().int().nonnegative(),
    units: z.number().int().nonnegative(),
    revenue: z.number().nonnegative(),
  }),
});
