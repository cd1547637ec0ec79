import './without-render-cache.js';
// `npm run bench:generator`: wall time from `nx g @workbench/nx-plugin:customer-app` (which
// re-runs projen and the staging render) to a validated staging render of the new app, in a
// copy of this workspace and in the same workspace with 100 synthetic apps added; and in a copy
// that has rendered once before, as a developer's checkout has (its program bundles built; the
// render cache stays off, so every program still runs). Appends to BENCHMARKS.md.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { publishBenchmark } from './benchmarks-file.js';
import { addSyntheticApps, copyOfRepo, ENV } from './workspace-copy.js';

async function measure(label: string, syntheticApps: number, renderedBefore: boolean) {
  const dir = await copyOfRepo();
  try {
    if (syntheticApps) await addSyntheticApps(dir, syntheticApps);
    if (renderedBefore) await execa(join(dir, 'node_modules/.bin/workbench'), ['render', '--env', 'staging'], { cwd: dir, env: ENV });
    const started = performance.now();
    await execa(join(dir, 'node_modules/.bin/nx'), ['g', '@workbench/nx-plugin:customer-app', 'bench-scorer', '--customer', 'initech', '--kind', 'service', '--skip-install', '--no-interactive'], { cwd: dir, env: ENV });
    const generated = performance.now();
    await execa(join(dir, 'node_modules/.bin/workbench'), ['validate', '--env', 'staging'], { cwd: dir, env: ENV });
    const validated = performance.now();
    const rendered = await readFile(join(dir, 'environments/staging/apps/initech/deployment-bench-scorer.yaml'), 'utf8');
    if (!rendered.includes('bench-scorer')) throw new Error('the new app was not rendered');
    return { label, generateSeconds: (generated - started) / 1000, validateSeconds: (validated - generated) / 1000, totalSeconds: (validated - started) / 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const rows = [];
const workspaces = [
  ['example workspace (3 apps), fresh copy', 0, false],
  ['example workspace (3 apps), rendered before', 0, true],
  ['with 100 synthetic apps, fresh copy', 100, false],
] as const;
for (const [label, apps, renderedBefore] of workspaces) {
  process.stdout.write(`measuring: ${label} …\n`);
  const r = await measure(label, apps, renderedBefore);
  rows.push(`| ${r.label} | ${r.generateSeconds.toFixed(1)} s | ${r.validateSeconds.toFixed(1)} s | ${r.totalSeconds.toFixed(1)} s |`);
}
await publishBenchmark({
  title: `New customer app: \`nx g\` to a validated render`,
  method: `\`nx g @workbench/nx-plugin:customer-app bench-scorer --customer initech --kind service --skip-install\` (writes the app, pins it in staging, re-runs projen and renders staging), then \`workbench validate --env staging\`, render cache off. "Fresh copy": the first render of a new checkout (its programs' bundles come from the cache it shares with this checkout through linked node_modules, as worktrees and temp copies do); "rendered before": a checkout that has rendered once, as a developer's has.`,
  columns: ['workspace', '`nx g` incl. projen + render', 'validate staging', 'total'],
  rows,
});
