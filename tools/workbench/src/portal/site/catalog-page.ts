import { html } from './html.js';
import type { SitePage } from './site-data.js';
import { urls } from './urls.js';

export const catalogPage: SitePage = {
  path: 'catalog.11ty.js',
  data: { title: 'Catalog', permalink: urls.catalog },
  render: ({ portal }) => {
    const section = (kind: 'app' | 'library', heading: string) => {
      const projects = portal.projects.filter((p) => p.kind === kind);
      return html`<h2>${heading} (${projects.length})</h2>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">Customer</th><th scope="col">Owner</th><th scope="col">Kind</th><th scope="col">Description</th></tr></thead>
<tbody>${projects.map((p) => html`<tr><td><a href="${urls.project(p.name)}">${p.name}</a></td><td>${p.customer ?? 'shared'}</td><td>${p.owner}</td><td>${p.workloadKind ?? p.kind}</td><td>${p.description}</td></tr>`)}</tbody>
</table>`;
    };
    return html`<p>Every app in <code>apps/</code> and library in <code>libs/</code>. Add one with a <a href="${urls.templates}">template</a>.</p>
${section('app', 'Apps')}
${section('library', 'Libraries')}`.value;
  },
};
