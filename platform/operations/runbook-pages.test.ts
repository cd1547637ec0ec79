import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALERT_NAMES, RUNBOOK_FOLDER } from './alert-catalog.js';
import { runbookPages } from './runbook-pages.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('runbook pages', () => {
  it('are current: docs/runbooks/ holds exactly the generated pages (run `npm run generate`)', () => {
    const pages = runbookPages();
    const committed = readdirSync(join(root, RUNBOOK_FOLDER)).map((file) => `${RUNBOOK_FOLDER}/${file}`);
    expect(committed.sort()).toEqual([...pages.keys()].sort());
    for (const [path, text] of pages) expect(readFileSync(join(root, path), 'utf8'), `${path} is stale: run \`npm run generate\``).toBe(text);
  });

  it('give every alert a page that says what it means and what to do, for people', () => {
    for (const name of ALERT_NAMES) {
      const page = runbookPages().get(`${RUNBOOK_FOLDER}/${name}.md`)!;
      expect(page).toMatch(/## What it means\n\n\S/);
      expect(page).toMatch(/## What to do\n\n1\. /);
      expect(page).not.toContain('{{');
    }
  });
});
