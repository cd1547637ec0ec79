import type { RecordOf } from '@workbench/data-sdk';
import type { revenueContract, salesContract } from './sales-contract.js';

export type Sale = RecordOf<typeof salesContract>;
export type MonthlyRevenue = RecordOf<typeof revenueContract>;

/**
 * Running totals per (month, region). Memory grows with the number of groups, not rows, so it
 * keeps pace with a streamed input of any size.
 */
export class RevenueAggregator {
  private readonly groups = new Map<string, MonthlyRevenue>();

  add(sale: Sale): void {
    const month = sale.order_date.slice(0, 7);
    const key = `${month}|${sale.region}`;
    const group = this.groups.get(key) ?? { month, region: sale.region, orders: 0, units: 0, revenue: 0 };
    group.orders += 1;
    group.units += sale.quantity;
    // Cents as integers avoid drift from summing binary fractions.
    group.revenue = Math.round(group.revenue * 100 + sale.quantity * sale.unit_price * 100) / 100;
    this.groups.set(key, group);
  }

  /** Groups sorted by month then region, so output files are stable. */
  result(): MonthlyRevenue[] {
    return [...this.groups.values()].sort((a, b) => a.month.localeCompare(b.month) || a.region.localeCompare(b.region));
  }
}

export function toCsv(rows: MonthlyRevenue[]): string {
  const header = 'month,region,orders,units,revenue';
  return [header, ...rows.map((r) => `${r.month},${r.region},${r.orders},${r.units},${r.revenue.toFixed(2)}`)].join('\n') + '\n';
}
