import { html } from './html.js';
import type { SitePage } from './site-data.js';
import { urls } from './urls.js';

export const platformPage: SitePage = {
  path: 'platform.11ty.js',
  data: { title: 'Platform', permalink: urls.platform },
  render: ({ portal }) => {
    const { services, objects, cloud } = portal.platform;
    return html`<h2>Platform services</h2>
<p>The Helm charts the platform installs in every cluster (<code>platform/workloads/platform-services.ts</code>), with the chart version each environment runs.</p>
<table>
<thead><tr><th scope="col">Service</th><th scope="col">Namespace</th><th scope="col">Chart</th>${portal.environments.map((env) => html`<th scope="col">${env}</th>`)}</tr></thead>
<tbody>${services.map((s) => html`<tr><th scope="row">${s.name}</th><td>${s.namespace}</td><td>${s.chart}</td>${portal.environments.map((env) => html`<td>${s.versions[env] ?? '—'}</td>`)}</tr>`)}</tbody>
</table>
<h2>Rendered objects</h2>
<p>${portal.environments.map((env, i) => html`${i ? ', ' : ''}${env}: ${objects[env] ?? 0}`)} Kubernetes objects in <code>environments/&lt;env&gt;/</code>, which Flux applies.</p>
<h2>Cloud</h2>
${cloud.length ? html`<p>The offline plan of <code>platform/cloud</code> (<code>@pulumi/aws</code>), one inventory per stack; merging applies it.</p>
${cloud.map((c) => html`<h3>Stack ${c.stack}</h3><p>${c.resources} resources in <a href="${portal.repository.url}/blob/${portal.repository.branch}/${c.file}">${c.file}</a>.</p>
<table><thead><tr><th scope="col">Type</th><th scope="col">Count</th></tr></thead><tbody>${c.types.map((t) => html`<tr><td><code>${t.type}</code></td><td>${t.count}</td></tr>`)}</tbody></table>`)}` : html`<p class="muted">No cloud inventory: the cloud program has not been rendered.</p>`}
<p>How the platform is operated: <a href="${urls.guide('operate-an-app')}">Operate an app</a>.</p>`.value;
  },
};
