import { html } from './html.js';
import type { SitePage } from './site-data.js';
import { urls } from './urls.js';

const behind = (value: number | null, inProduction: boolean, unit: string) =>
  value === null ? (inProduction ? 'unknown' : 'not in production') : value === 0 ? 'up to date' : html`<span class="behind">${value} ${unit}</span>`;

/** The matrix `workbench status` prints, from the same function (its data is /data/status.json). */
export const environmentsPage: SitePage = {
  path: 'environments.11ty.js',
  data: { title: 'Environments', permalink: urls.environments },
  render: ({ portal }) => {
    const { status, environments } = portal;
    const cell = (version: string | null, held: string | undefined) => html`${version ?? '—'}${held ? html` <span class="held" title="${held}">(held)</span>` : ''}`;
    return html`<p>Which version of each app runs where: staging gets every merge to ${portal.repository.branch}; production and the lab cluster get what a reviewed promotion pull request pins. The same data as <code>npx workbench status --json</code> (<a href="${urls.status}">status.json</a>).</p>
${Object.entries(status.freezes).map(([env, freeze]) => html`<p class="held">${env} is frozen: ${freeze}</p>`)}
<table id="matrix">
<caption>Apps: version per environment</caption>
<thead><tr><th scope="col">App</th>${environments.map((env) => html`<th scope="col">${env}</th>`)}<th scope="col">Production behind staging</th></tr></thead>
<tbody>${status.apps.map((a) => html`<tr data-app="${a.app}"><th scope="row"><a href="${urls.project(a.app)}">${a.app}</a></th>${environments.map((env) => html`<td data-env="${env}">${cell(a.versions[env] ?? null, a.held[env])}</td>`)}<td>${behind(a.productionBehindStaging, Boolean(a.versions.production), 'commit(s)')}</td></tr>`)}</tbody>
</table>
${status.models.length ? html`<table id="models">
<caption>Models: version per environment</caption>
<thead><tr><th scope="col">Model</th>${environments.map((env) => html`<th scope="col">${env}</th>`)}<th scope="col">Production behind staging</th></tr></thead>
<tbody>${status.models.map((m) => html`<tr><th scope="row">${m.model}</th>${environments.map((env) => html`<td>${cell(m.versions[env] ? `version ${m.versions[env]}` : null, m.held[env])}</td>`)}<td>${behind(m.productionBehindStaging, Boolean(m.versions.production), 'version(s)')}</td></tr>`)}</tbody>
</table>` : ''}
<p>Promote with <code>npx workbench promote staging production --app &lt;app&gt;</code>; see the guide <a href="${urls.guide('promote-and-roll-back')}">Promote and roll back</a>.</p>`.value;
  },
};
