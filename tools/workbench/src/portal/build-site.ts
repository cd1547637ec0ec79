import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Eleventy, { HtmlBasePlugin } from '@11ty/eleventy';
import * as pagefind from 'pagefind';
import { backstageCatalogText } from './backstage-entities.js';
import { GUIDES_DIR, GUIDES_INDEX } from './guides.js';
import { renderMarkdown, type LinkTargets } from './markdown.js';
import { readPortalData, type PortalData, type PortalDataOptions } from './portal-data.js';
import { catalogPage } from './site/catalog-page.js';
import { environmentsPage } from './site/environments-page.js';
import { guidePage, guidesIndexPage } from './site/guide-pages.js';
import { homePage } from './site/home-page.js';
import { layout } from './site/layout.js';
import { labsPage } from './site/labs-page.js';
import { platformPage } from './site/platform-page.js';
import { projectPage } from './site/project-page.js';
import { searchPage } from './site/search-page.js';
import type { SiteData } from './site/site-data.js';
import { templatesPage } from './site/templates-page.js';
import { urls } from './site/urls.js';

export const PAGES = [homePage, catalogPage, projectPage, environmentsPage, platformPage, labsPage, templatesPage, guidesIndexPage, guidePage, searchPage];
const LAYOUT = 'portal.11ty.js';
/** Marks a folder as a portal build: the only kind of existing folder `--out` may replace. */
export const PORTAL_MARKER = '.workbench-portal';

export class PortalOutputError extends Error {}

/** Refuses to replace anything but an empty folder or an earlier build: `--out apps` must not delete the apps. */
function checkOutput(out: string, repoRoot: string): void {
  if (resolve(repoRoot).startsWith(out + '/') || resolve(repoRoot) === out) {
    throw new PortalOutputError(`--out ${out}: holds the repository itself; choose a folder of its own, e.g. dist/portal`);
  }
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new PortalOutputError(`--out ${out}: is a file; choose a folder, e.g. dist/portal`);
  if (readdirSync(out).length && !existsSync(join(out, PORTAL_MARKER))) {
    throw new PortalOutputError(`--out ${out}: is a folder with other files in it (no ${PORTAL_MARKER} from an earlier portal build), and the build replaces it whole; choose an empty or new folder, e.g. dist/portal`);
  }
}

export interface BuildPortalOptions extends PortalDataOptions {
  /** Where the site goes; replaced whole, atomically. */
  out: string;
  /** The path the site is served under: `/` locally, `/<repo>/` on GitHub Pages. */
  basePath?: string;
}

export interface BuiltPortal {
  out: string;
  pages: number;
  searchable: number;
  data: PortalData;
  /** Seconds spent reading the repository, laying out the pages, and indexing them for search. */
  seconds: { data: number; pages: number; search: number };
}

/** The guide's own `# Title` is the page's title, which the layout already shows. */
const withoutTitle = (markdown: string) => markdown.replace(/^#\s+.+\n/m, '');

/** Where links between repository files lead in the portal: guides and project READMEs have pages; anything else opens on GitHub. */
export function linkTargets(data: PortalData): LinkTargets {
  const pages = new Map<string, string>([[GUIDES_INDEX, urls.guides], [GUIDES_DIR, urls.guides]]);
  for (const guide of data.guides.guides) pages.set(guide.file, urls.guide(guide.slug));
  for (const project of data.projects) {
    pages.set(project.root, urls.project(project.name));
    pages.set(`${project.root}/README.md`, urls.project(project.name));
  }
  return { pages, blobBase: `${data.repository.url}/blob/${data.repository.branch}/` };
}

export function siteData(data: PortalData): SiteData {
  const targets = linkTargets(data);
  return {
    ...data,
    html: {
      readmes: Object.fromEntries(data.projects.flatMap((p) => (p.readme ? [[p.name, renderMarkdown(p.readme, `${p.root}/README.md`, targets)]] : []))),
      guides: Object.fromEntries(data.guides.guides.map((g) => [g.slug, renderMarkdown(withoutTitle(g.markdown), g.file, targets)])),
      guidesIndex: data.guides.index ? renderMarkdown(withoutTitle(data.guides.index.markdown), GUIDES_INDEX, targets) : '<p>No guides yet: add docs/guides/README.md.</p>',
      accessSheets: Object.fromEntries(data.labs.labs.flatMap((l) => (l.accessSheet ? [[l.lab, renderMarkdown(l.accessSheet.replace(/^## .+\n/, ''), 'platform/labs/', targets)]] : []))),
    },
  };
}

/** Builds the static site: Eleventy lays out the pages, Pagefind indexes them for offline search. */
export async function buildPortal(options: BuildPortalOptions): Promise<BuiltPortal> {
  const say = options.say ?? (() => {});
  const out = resolve(options.out);
  const basePath = options.basePath ?? '/';
  checkOutput(out, options.repoRoot);
  const since = (start: number) => (performance.now() - start) / 1000;
  const started = performance.now();
  const data = await readPortalData(options);
  const dataSeconds = since(started);
  const pagesStarted = performance.now();
  const site = siteData(data);
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), '.portal-'));
  const input = await mkdtemp(join(tmpdir(), 'workbench-portal-input-'));
  try {
    const count = PAGES.filter((p) => !p.data.pagination).length + data.projects.length + data.guides.guides.length;
    say(`laying out ${count} pages …`);
    const eleventy = new Eleventy(input, staging, {
      quietMode: true,
      pathPrefix: basePath,
      configPath: false,
      config: (config) => {
        config.addPlugin(HtmlBasePlugin);
        config.addGlobalData('portal', site);
        config.addTemplate(`_includes/${LAYOUT}`, { render: layout });
        for (const page of PAGES) config.addTemplate(page.path, { render: page.render }, { layout: LAYOUT, ...page.data });
      },
    });
    const written = (await eleventy.write()) as unknown[];
    const pages = written.flat(Infinity).length;
    await writeOutputs(staging, data, basePath);
    const pagesSeconds = since(pagesStarted);
    say('indexing for search …');
    const searchStarted = performance.now();
    const searchable = await indexForSearch(staging);
    const searchSeconds = since(searchStarted);
    const previous = existsSync(out) ? `${staging}-previous` : null;
    if (previous) await rename(out, previous);
    await rename(staging, out);
    if (previous) await rm(previous, { recursive: true, force: true });
    return { out, pages, searchable, data, seconds: { data: dataSeconds, pages: pagesSeconds, search: searchSeconds } };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(input, { recursive: true, force: true });
  }
}

async function writeOutputs(dir: string, data: PortalData, basePath: string): Promise<void> {
  const owner = data.repository.url.split('/').at(-2)!;
  const name = data.repository.url.split('/').at(-1)!;
  const files: [string, string][] = [
    [`/${PORTAL_MARKER}`, 'Written by `npx workbench portal build`, which replaces this folder whole.\n'],
    [urls.data, JSON.stringify({ $comment: `Generated by \`npx workbench portal build\` from ${data.repository.url} at ${data.commit}; do not edit.`, ...data }, null, 2) + '\n'],
    [urls.status, JSON.stringify(data.status, null, 2) + '\n'],
    [urls.entities, backstageCatalogText(data, `https://${owner}.github.io${basePath === '/' ? `/${name}/` : basePath}`)],
  ];
  for (const [url, text] of files) {
    await mkdir(dirname(join(dir, url)), { recursive: true });
    await writeFile(join(dir, url), text);
  }
}

async function indexForSearch(dir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`search index: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length) throw new Error(`search index: ${added.errors.join('; ')}`);
    const writtenFiles = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
    if (writtenFiles.errors.length) throw new Error(`search index: ${writtenFiles.errors.join('; ')}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
