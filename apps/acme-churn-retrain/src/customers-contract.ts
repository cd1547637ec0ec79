import { defineContract } from '@workbench/data-sdk';
import { z } from 'zod';

/** ACME's customer snapshot, one row per customer, as exported nightly by their CRM. */
export const customersContract = defineContract({
  name: 'acme-customers',
  version: 1,
  description: 'Customer tenure, billing and support activity with the churn label',
  schema: z.object({
    customer_id: z.string().regex(/^C\d{4}$/),
    tenure_months: z.coerce.number().int().min(0).max(600),
    monthly_charges: z.coerce.number().positive(),
    support_tickets: z.coerce.number().int().min(0),
    contract: z.enum(['monthly', 'annual']),
    churned: z.enum(['0', '1']).transform(Number),
  }),
});

export const FEATURES = ['tenure_months', 'monthly_charges', 'support_tickets', 'monthly_contract'] as const;
