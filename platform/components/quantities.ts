/** Doubles a CPU quantity ("250m" → "500m", "1" → "2", "1.5" → "3"): the default CPU limit. */
export function doubleCpu(quantity: string): string {
  if (quantity.endsWith('m')) return `${Number(quantity.slice(0, -1)) * 2}m`;
  const millicores = Math.round(Number(quantity) * 1000) * 2;
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}
