import type { CatalogProject } from '../catalog.js';
import { html, raw } from './html.js';
import type { PageData, SitePage } from './site-data.js';
import { urls } from './urls.js';

const list = (items: unknown[], empty: string) => (items.length ? html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>` : html`<p class="muted">${empty}</p>`);

function versions({ portal }: PageData, project: CatalogProject) {
  const status = portal.status.apps.find((a) => a.app === project.name);
  if (!status) return html`<p class="muted">Not released to any environment yet: merging a change to it releases it to staging.</p>`;
  const behind = status.productionBehindStaging;
  return html`<table class="versions">
<thead><tr><th scope="col">Environment</th><th scope="col">Version</th><th scope="col">Hosts</th><th scope="col">Hold</th></tr></thead>
<tbody>${portal.environments.map((env) => html`<tr><th scope="row">${env}</th><td data-env="${env}">${status.versions[env] ?? '—'}</td><td>${(project.hosts[env] ?? []).join(', ')}</td><td>${status.held[env] ? html`<span class="held">held at ${status.held[env]}</span>` : ''}</td></tr>`)}</tbody>
</table>
<p>Production behind staging: ${behind === null ? (status.versions.production ? 'unknown' : 'not in production') : behind === 0 ? 'up to date' : html`<span class="behind">${behind} commit(s)</span>`}</p>`;
}

function history({ portal }: PageData, project: CatalogProject) {
  const entries = portal.history[project.name] ?? [];
  if (!entries.length) return html`<p class="muted">No release, promotion or rollback yet.</p>`;
  return html`<table>
<thead><tr><th scope="col">Date</th><th scope="col">Environment</th><th scope="col">Change</th><th scope="col">Pull request</th><th scope="col">Commit</th></tr></thead>
<tbody>${entries.map((e) => html`<tr><td>${e.date}</td><td>${e.env}</td><td>${e.from ?? '(none)'} → ${e.to ?? '(removed)'}<br><span class="muted">${e.subject}</span></td><td>${e.pullRequest ? html`<a href="${portal.repository.url}/pull/${e.pullRequest}">#${e.pullRequest}</a>` : '—'}</td><td><a href="${portal.repository.url}/commit/${e.commit}">${e.commit.slice(0, 12)}</a></td></tr>`)}</tbody>
</table>`;
}

function operations(project: CatalogProject) {
  if (project.kind === 'library') return '';
  return html`<h2>Alerts</h2>
${project.alerts.length ? html`<table><thead><tr><th scope="col">Alert</th><th scope="col">Severity</th><th scope="col">Environments</th><th scope="col">What it means</th></tr></thead>
<tbody>${project.alerts.map((a) => html`<tr><td>${a.runbook ? html`<a href="${a.runbook}">${a.name}</a>` : a.name}</td><td>${a.severity}</td><td>${a.environments.join(', ')}</td><td>${a.summary}</td></tr>`)}</tbody></table>` : html`<p class="muted">No alerts rendered.</p>`}
<h2>Dashboards</h2>
${list(project.dashboards.map((d) => `${d.title} (Grafana, ${d.environment})`), 'No dashboards rendered.')}
<h2>Cloud resources and permissions</h2>
${project.cloudResources.length ? html`<table><thead><tr><th scope="col">Stack</th><th scope="col">Type</th><th scope="col">Name</th></tr></thead>
<tbody>${project.cloudResources.map((r) => html`<tr><td>${r.stack}</td><td><code>${r.type}</code></td><td>${r.name}</td></tr>`)}</tbody></table>` : html`<p class="muted">No cloud resources of its own.</p>`}
${project.permissions.map((p) => html`<h3>Role ${p.role} (${p.stack})</h3>${list(p.grants, 'No permissions.')}`)}`;
}

export const projectPage: SitePage = {
  path: 'project.11ty.js',
  data: {
    pagination: { data: 'portal.projects', size: 1, alias: 'project' },
    permalink: (data: { project: CatalogProject }) => urls.project(data.project.name),
    eleventyComputed: { title: (data: { project: CatalogProject }) => data.project.name },
  },
  render: (data) => {
    const project = data.project as CatalogProject;
    const { portal } = data;
    const source = `${portal.repository.url}/tree/${portal.repository.branch}/${project.root}`;
    const readme = portal.html.readmes[project.name];
    return html`<p>${project.description}</p>
<dl class="facts">
  <dt>Kind</dt><dd>${project.workloadKind ?? project.kind}</dd>
  <dt>Customer</dt><dd>${project.customer ?? 'shared'}</dd>
  <dt>Owner</dt><dd>${project.owner}</dd>
  <dt>Source</dt><dd><a href="${source}">${project.root}</a></dd>
  ${project.baseImages.length ? html`<dt>Base image</dt><dd>${project.baseImages.join(', ')}</dd>` : ''}
</dl>
${project.kind === 'app' ? html`<h2>Versions</h2>${versions(data, project)}<h2>History</h2>${history(data, project)}` : ''}
<h2>Depends on</h2>
${list(project.dependencies.map((d) => html`<a href="${urls.project(d)}">${d}</a>`), 'No workspace project.')}
<h2>Used by</h2>
${list(project.dependents.map((d) => html`<a href="${urls.project(d)}">${d}</a>`), 'No workspace project.')}
${operations(project)}
${project.workload ? html`<h2>workload.yaml</h2><pre><code>${project.workload}</code></pre>` : ''}
${readme ? html`<section class="readme" aria-label="README">${raw(readme)}</section>` : ''}`.value;
  },
};
