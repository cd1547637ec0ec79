import { ALL_ENVIRONMENTS } from '../environments.js';
import type { EnvironmentStatus } from '../promote/environment-status.js';

export { environmentStatus as statusCommand } from '../promote/environment-status.js';

export function formatStatus(status: EnvironmentStatus): string {
  const envs = ALL_ENVIRONMENTS;
  const rows = [['app', ...envs, 'production behind staging'], ...status.apps.map((a) => [
    a.app,
    ...envs.map((env) => `${a.versions[env] ?? '—'}${a.held[env] ? ' (held)' : ''}`),
    a.productionBehindStaging === null ? (a.versions.production ? '?' : 'not in production') : a.productionBehindStaging === 0 ? 'up to date' : `${a.productionBehindStaging} commit(s)`,
  ])];
  const lines = table(rows);
  if (status.models.length) {
    lines.push('', ...table([['model', ...envs, 'production behind staging'], ...status.models.map((m) => [
      m.model,
      ...envs.map((env) => `${m.versions[env] ? `version ${m.versions[env]}` : '—'}${m.held[env] ? ' (held)' : ''}`),
      m.productionBehindStaging === null ? (m.versions.production ? '?' : 'not in production') : m.productionBehindStaging === 0 ? 'up to date' : `${m.productionBehindStaging} version(s)`,
    ])]));
  }
  for (const [env, freeze] of Object.entries(status.freezes)) lines.push(`${env}: ${freeze}`);
  return lines.join('\n') + '\n';
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}
