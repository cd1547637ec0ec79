// Writes docs/runbooks/ from the alert catalog (`npm run generate`): one page per alert, and
// removes pages of alerts that no longer exist. With --check it writes nothing and exits 1 when stale.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNBOOK_FOLDER } from '../alert-catalog.js';
import { runbookPages } from '../runbook-pages.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const wanted = runbookPages();
const folder = join(root, RUNBOOK_FOLDER);
const existing = (await readdir(folder).catch(() => [] as string[])).map((file) => `${RUNBOOK_FOLDER}/${file}`);
const changed: string[] = [];
for (const path of new Set([...wanted.keys(), ...existing])) {
  const current = await readFile(join(root, path), 'utf8').catch(() => undefined);
  if (current !== wanted.get(path)) changed.push(path);
}

if (process.argv.includes('--check')) {
  if (changed.length) {
    console.error(`stale runbooks: ${changed.join(', ')}; run \`npm run generate\` and commit the result`);
    process.exit(1);
  }
  console.log(`${RUNBOOK_FOLDER} is current`);
} else {
  await mkdir(folder, { recursive: true });
  for (const path of changed) {
    const text = wanted.get(path);
    if (text === undefined) await rm(join(root, path));
    else {
      await writeFile(join(root, `${path}.tmp`), text);
      await rename(join(root, `${path}.tmp`), join(root, path));
    }
  }
  console.log(changed.length ? `wrote ${changed.length} runbook page(s) in ${RUNBOOK_FOLDER}` : `${RUNBOOK_FOLDER} unchanged`);
}
