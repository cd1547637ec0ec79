// `npm run screenshots`: builds the portal of this repository, opens it in Debian's Chromium and
// writes the README's screenshots (catalog, an app page, the environment matrix) to docs/images/.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPortal } from '../src/portal/build-site.js';
import { launchChromium, serveSite } from '../test/support/portal-browser.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const out = await mkdtemp(join(tmpdir(), 'workbench-portal-shots-'));
const built = await buildPortal({ repoRoot, out: join(out, 'site'), say: (line) => process.stdout.write(`${line}\n`) });
const app = built.data.status.apps.find((a) => a.versions.production)?.app ?? built.data.projects[0]!.name;
const server = await serveSite(built.out);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  for (const [path, file] of [['/catalog/', 'portal-catalog.png'], [`/catalog/${app}/`, 'portal-app.png'], ['/environments/', 'portal-environments.png']]) {
    await page.goto(`${server.url}${path}`);
    await page.screenshot({ path: join(repoRoot, 'docs/images', file!) });
    process.stdout.write(`docs/images/${file} ← ${path}\n`);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(out, { recursive: true, force: true });
}
