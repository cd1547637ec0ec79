import { html } from './html.js';
import type { SitePage } from './site-data.js';
import { urls } from './urls.js';

export const homePage: SitePage = {
  path: 'index.11ty.js',
  data: { title: 'The Workbench portal', permalink: urls.home },
  render: ({ portal }) => {
    const apps = portal.projects.filter((p) => p.kind === 'app');
    const libs = portal.projects.filter((p) => p.kind === 'library');
    const first = portal.guides.guides[0];
    return html`<p>Everything the platform runs, generated from the repository at every merge, so it cannot disagree with it.</p>
${first ? html`<p>New here? Start with <a href="${urls.guide(first.slug)}">${first.title}</a>.</p>` : ''}
<ul class="cards">
  <li><h2><a href="${urls.catalog}">Catalog</a></h2><p>${apps.length} apps and ${libs.length} libraries: owners, READMEs, dependencies, alerts, dashboards and cloud permissions.</p></li>
  <li><h2><a href="${urls.environments}">Environments</a></h2><p>Which version runs in ${portal.environments.join(', ')}, how far production is behind staging, holds and freezes.</p></li>
  <li><h2><a href="${urls.platform}">Platform</a></h2><p>${portal.platform.services.length} platform services with their chart versions, and ${portal.platform.cloud.length} cloud stacks.</p></li>
  <li><h2><a href="${urls.labs}">Labs</a></h2><p>Training environments on lab branches: scheduled, active and expired.</p></li>
  <li><h2><a href="${urls.templates}">Templates</a></h2><p>Add an app or a library with one command.</p></li>
  <li><h2><a href="${urls.guides}">Guides</a></h2><p>${portal.guides.guides.length} step-by-step guides for data scientists, engineers and trainers.</p></li>
</ul>
<p class="muted">For Backstage: <a href="${urls.entities}">catalog-info.yaml</a>. As data: <a href="${urls.data}">portal.json</a>, <a href="${urls.status}">status.json</a>.</p>`.value;
  },
};
