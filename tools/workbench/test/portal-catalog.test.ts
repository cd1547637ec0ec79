import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { backstageCatalogText, backstageEntities, PLATFORM_SYSTEM } from '../src/portal/backstage-entities.js';
import { baseImagesOf, type CatalogProject } from '../src/portal/catalog.js';
import { readPortalData, type PortalData } from '../src/portal/portal-data.js';
import { catalogPage } from '../src/portal/site/catalog-page.js';
import { environmentsPage } from '../src/portal/site/environments-page.js';
import { siteData } from '../src/portal/build-site.js';
import { readTemplates } from '../src/portal/templates.js';
import { REPO_ROOT } from './support/render-workspace.js';

const project = (name: string, overrides: Partial<CatalogProject>): CatalogProject => ({
  name,
  kind: 'app',
  root: `apps/${name}`,
  customer: 'initech',
  owner: 'initech-team',
  description: `${name} <does> things`,
  workloadKind: 'service',
  readme: null,
  workload: null,
  dependencies: [],
  dependents: [],
  baseImages: [],
  hosts: {},
  alerts: [],
  dashboards: [],
  cloudResources: [],
  permissions: [],
  ...overrides,
});

/** A small portal: a served app held in production, a job only in staging, a shared library. */
const FIXTURE: PortalData = {
  commit: '0123456789abcdef0123456789abcdef01234567',
  dirty: false,
  repository: { url: 'https://github.com/acme/workbench', branch: 'main' },
  environments: ['staging', 'production', 'lab'],
  projects: [
    project('initech-api', { dependencies: ['geo-sdk'], permissions: [{ stack: 'staging', role: 'staging-app-initech-api', grants: ['s3:GetObject on lake/initech/*'] }] }),
    project('initech-totals', { workloadKind: 'job', owner: 'initech-data' }),
    project('geo-sdk', { kind: 'library', root: 'libs/geo-sdk', customer: null, owner: 'platform-team', workloadKind: null, dependents: ['initech-api'] }),
  ],
  status: {
    apps: [
      { app: 'initech-api', versions: { staging: 'sha-bbbbbbbbbbbb', production: 'sha-aaaaaaaaaaaa', lab: null }, held: { production: 'sha-aaaaaaaaaaaa (errors after release)' }, productionBehindStaging: 3 },
      { app: 'initech-totals', versions: { staging: 'sha-cccccccccccc', production: null, lab: null }, held: {}, productionBehindStaging: null },
    ],
    models: [],
    freezes: { production: 'frozen until 2026-12-01T00:00:00Z (year end)' },
  },
  history: {},
  platform: { services: [], objects: {}, cloud: [] },
  labs: { remote: 'origin', problem: null, labs: [] },
  templates: [],
  labTemplates: [],
  guides: { index: null, guides: [] },
};

describe('Backstage entities', () => {
  it('a Component per project, a System per customer and the platform, a Group per owner, Resources for environments and roles', () => {
    const text = backstageCatalogText(FIXTURE, 'https://acme.github.io/workbench/');
    expect(text).toMatchSnapshot();
    const entities = backstageEntities(FIXTURE, 'https://acme.github.io/workbench/');
    const api = entities.find((e) => e.kind === 'Component' && e.metadata.name === 'initech-api')!;
    expect(api.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:initech-team',
      system: 'initech',
      dependsOn: ['component:geo-sdk', 'resource:staging', 'resource:production', 'resource:staging-app-initech-api'],
    });
    expect(api.metadata.annotations!['backstage.io/source-location']).toBe('url:https://github.com/acme/workbench/tree/main/apps/initech-api/');
    expect(entities.find((e) => e.metadata.name === 'initech-totals')!.spec.lifecycle).toBe('experimental');
    expect(entities.find((e) => e.metadata.name === 'geo-sdk')!.spec).toMatchObject({ type: 'library', system: PLATFORM_SYSTEM });
  });

  it('every reference of the repository\'s own catalog names an entity it emits, so Backstage ingests it without orphans', async () => {
    const data = await readPortalData({ repoRoot: REPO_ROOT, remote: 'no-such-remote' });
    const entities = parseAllDocuments(backstageCatalogText(data, 'https://example.github.io/workbench/')).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> });
    const names = new Set(entities.map((e) => `${e.kind.toLowerCase()}:${e.metadata.name}`));
    const references = entities.flatMap((e) => [e.spec.owner, e.spec.system && `system:${String(e.spec.system)}`, ...((e.spec.dependsOn as string[] | undefined) ?? []), ...((e.spec.dependencyOf as string[] | undefined) ?? [])].filter(Boolean) as string[]);
    expect(references.filter((ref) => !names.has(ref))).toEqual([]);
    expect(entities.filter((e) => e.kind === 'Component')).toHaveLength(data.projects.length);
    for (const e of entities) expect(e.metadata.name, e.kind).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/);
    // The labs section says why it is empty rather than failing the build.
    expect(data.labs.problem).toContain('no git remote "no-such-remote"');
  });
});

describe('the environment matrix page', () => {
  it('shows each version per environment, holds, production behind staging and freezes, escaping every value', () => {
    const html = environmentsPage.render({ portal: siteData(FIXTURE), page: { url: '/environments/' }, title: 'Environments' });
    expect(html).toMatchSnapshot();
    expect(html).toContain('<tr data-app="initech-api"><th scope="row"><a href="/catalog/initech-api/">initech-api</a></th><td data-env="staging">sha-bbbbbbbbbbbb</td><td data-env="production">sha-aaaaaaaaaaaa <span class="held" title="sha-aaaaaaaaaaaa (errors after release)">(held)</span></td>');
    expect(html).toContain('<span class="behind">3 commit(s)</span>');
    expect(html).toContain('not in production');
    expect(html).toContain('production is frozen: frozen until 2026-12-01T00:00:00Z (year end)');
  });
});

describe('the catalog page', () => {
  it('lists apps and libraries apart, linking each page, with text from the repository escaped', () => {
    const html = catalogPage.render({ portal: siteData(FIXTURE), page: { url: '/catalog/' }, title: 'Catalog' });
    expect(html).toContain('<h2>Apps (2)</h2>');
    expect(html).toContain('<h2>Libraries (1)</h2>');
    expect(html).toContain('<td><a href="/catalog/initech-api/">initech-api</a></td><td>initech</td><td>initech-team</td><td>service</td><td>initech-api &lt;does&gt; things</td>');
    expect(html).not.toContain('<does>');
  });
});

describe('catalog details', () => {
  it('base images are the FROM images, not earlier stages', () => {
    expect(baseImagesOf('FROM node:24-slim AS build\nRUN x\nFROM --platform=linux/amd64 gcr.io/distroless/nodejs24 AS runtime\nFROM build AS test\n')).toEqual(['node:24-slim', 'gcr.io/distroless/nodejs24']);
    expect(baseImagesOf(null)).toEqual([]);
  });

  it('templates: one entry per generator kind, the command naming what that kind needs', () => {
    const templates = readTemplates(REPO_ROOT);
    const command = (generator: string, kind: string | null) => templates.find((t) => t.generator === generator && t.kind === kind)?.command;
    expect(command('customer-app', 'service')).toBe('npx nx g @workbench/nx-plugin:customer-app <name> --customer <customer> --kind service --host <host>');
    expect(command('customer-app', 'job')).toBe('npx nx g @workbench/nx-plugin:customer-app <name> --customer <customer> --kind job');
    expect(command('library', null)).toBe('npx nx g @workbench/nx-plugin:library <name> --description <description>');
    expect(templates.find((t) => t.generator === 'customer-app')!.options.map((o) => o.flag)).toContain('--skip-follow-ups');
  });
});
