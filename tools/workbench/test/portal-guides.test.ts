import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkGuides } from '../src/portal/check-guides.js';
import { readGuides } from '../src/portal/guides.js';
import { renderMarkdown } from '../src/portal/markdown.js';

let repo: string;
const write = async (file: string, text: string) => {
  await mkdir(dirname(join(repo, file)), { recursive: true });
  await writeFile(join(repo, file), text);
};
const COMMANDS = ['render', 'validate', 'lab', 'lab create', 'lab list', 'promote'];

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'portal-guides-'));
  await write('package.json', JSON.stringify({ scripts: { bench: 'x', generate: 'y' } }));
  await write('tools/nx-plugin/package.json', JSON.stringify({ name: '@workbench/nx-plugin' }));
  await write('tools/nx-plugin/generators.json', JSON.stringify({ generators: { 'customer-app': {}, library: {} } }));
  await write('apps/demo/README.md', '# Demo\n\n## How it runs\n');
  await write('docs/guides/README.md', '# Guides\n\n1. [Second](second.md): later.\n2. [First](first.md): sooner.\n');
  await write('docs/guides/second.md', '# The second guide\n\n## Roll back\n\nBack to [the first](first.md#set-up).\n');
});
afterEach(() => rm(repo, { recursive: true, force: true }));

describe('the guides', () => {
  it('are listed in the order the index links them, with the title of their first heading', async () => {
    await write('docs/guides/first.md', '# The first guide\n\n## Set up\n');
    const { guides } = readGuides(repo);
    expect(guides.map((g) => [g.slug, g.title, g.file])).toEqual([
      ['second', 'The second guide', 'docs/guides/second.md'],
      ['first', 'The first guide', 'docs/guides/first.md'],
    ]);
  });

  it('--check names every link to a missing file or heading and every command that does not exist, with file and line', async () => {
    await write(
      'docs/guides/first.md',
      [
        '# The first guide',
        '',
        '## Set up',
        '',
        'Read [the demo](../../apps/demo/README.md#how-it-runs), [its folder](../../apps/demo) and [the second](second.md#roll-back).',
        'Broken: [gone](gone.md), [no heading](second.md#fly-away), [own](#nowhere), [demo heading](../../apps/demo/README.md#nope), [out](../../../etc/hosts).',
        '',
        'Run `npx workbench render --check` and `npx workbench lab create x --template t`, then `npx workbench frobnicate`.',
        '',
        '```bash',
        'npx workbench lab explode spark-101',
        'npx nx g @workbench/nx-plugin:customer-app a --kind job && npx nx g @workbench/nx-plugin:widget b',
        'npm run bench && npm run deploy',
        '```',
      ].join('\n'),
    );
    const problems = checkGuides({ repoRoot: repo, commands: COMMANDS });
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'docs/guides/first.md:6: link gone.md: docs/guides/gone.md does not exist in the repository',
      'docs/guides/first.md:6: link second.md#fly-away: docs/guides/second.md has no heading with the id "fly-away"',
      'docs/guides/first.md:6: link #nowhere: no heading with that id in docs/guides/first.md',
      'docs/guides/first.md:6: link ../../apps/demo/README.md#nope: apps/demo/README.md has no heading with the id "nope"',
      'docs/guides/first.md:6: link ../../../etc/hosts: leads outside the repository; link a file in it, or a full https:// address',
      'docs/guides/first.md:8: `workbench frobnicate`: no such command (`npx workbench --help` lists them)',
      'docs/guides/first.md:11: `workbench lab explode spark-101`: `lab` has no command `explode` (it has: create, list)',
      'docs/guides/first.md:12: `nx g @workbench/nx-plugin:widget`: no such generator (@workbench/nx-plugin:customer-app, @workbench/nx-plugin:library)',
      'docs/guides/first.md:13: `npm run deploy`: no such script in package.json (bench, generate)',
    ]);
  });

  it('--check passes guides whose every reference exists, and fails when the index is missing', async () => {
    await write('docs/guides/first.md', '# The first guide\n\n## Set up\n\nRun `npx workbench validate`.\n');
    expect(checkGuides({ repoRoot: repo, commands: COMMANDS })).toEqual([]);
    await rm(join(repo, 'docs/guides/README.md'));
    expect(checkGuides({ repoRoot: repo, commands: COMMANDS })).toEqual([{ file: 'docs/guides/README.md', line: 1, message: 'the guides index is missing: the portal lists the guides it links' }]);
  });
});

describe('rendering Markdown for the portal', () => {
  it('leads links to the portal page of a guide or project, other files to GitHub, and gives headings GitHub ids', () => {
    const pages = new Map([['docs/guides/first.md', '/guides/first/'], ['apps/demo/README.md', '/catalog/demo/']]);
    const html = renderMarkdown(
      '## Set up & run\n\n[a](first.md#set-up) [b](../../apps/demo/README.md) [c](../../package.json) [d](https://example.com/x) [e](#set-up--run)\n\n<script>alert(1)</script>\n',
      'docs/guides/second.md',
      { pages, blobBase: 'https://github.com/o/r/blob/main/' },
    );
    expect(html).toContain('<h2 id="set-up--run"');
    expect(html).toContain('href="/guides/first/#set-up"');
    expect(html).toContain('href="/catalog/demo/"');
    expect(html).toContain('href="https://github.com/o/r/blob/main/package.json"');
    expect(html).toContain('href="https://example.com/x"');
    expect(html).toContain('href="#set-up--run"');
    // Raw HTML in a README is shown, never run.
    expect(html).not.toContain('<script>');
  });
});
