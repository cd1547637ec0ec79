/** Kubernetes quantities as numbers, for adding up what a lab asks of the cluster. */
export function millicores(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Math.round(Number(cpu) * 1000);
}

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

export function bytes(quantity: string): number {
  const [, value, unit = ''] = /^([0-9]+)([KMGT]i?|k)?$/.exec(quantity) ?? [];
  if (value === undefined || BYTE_UNITS[unit] === undefined) throw new Error(`not a byte quantity: ${quantity}`);
  return Number(value) * BYTE_UNITS[unit];
}
