import { html, raw } from './html.js';
import type { SitePage } from './site-data.js';
import { urls } from './urls.js';

export const labsPage: SitePage = {
  path: 'labs.11ty.js',
  data: { title: 'Labs', permalink: urls.labs },
  render: ({ portal }) => {
    const { labs, problem, remote } = portal.labs;
    const header = html`<p>Training environments: each lab is a branch <code>lab/&lt;lab&gt;</code> on ${remote}; the lab cluster brings it up and deleting the branch tears it down. Start one with the guide <a href="${urls.guide('run-a-training-lab')}">Run a training lab</a>.</p>`;
    if (problem) return html`${header}<p class="muted">Labs not listed: ${problem}.</p>`.value;
    if (!labs.length) return html`${header}<p>No labs on ${remote}.</p>`.value;
    return html`${header}
<table id="labs">
<thead><tr><th scope="col">Lab</th><th scope="col">Status</th><th scope="col">Template</th><th scope="col">Participants</th><th scope="col">Starts</th><th scope="col">Expires</th></tr></thead>
<tbody>${labs.map((l) => html`<tr><th scope="row"><a href="#lab-${l.lab}">${l.lab}</a></th><td>${l.problem ? `invalid: ${l.problem}` : l.status}</td><td>${l.template ?? '—'}</td><td>${l.participants ?? '—'}</td><td>${l.starts ?? '—'}</td><td>${l.expires ?? '—'}</td></tr>`)}</tbody>
</table>
${labs.map((l) => html`<section id="lab-${l.lab}" aria-label="Lab ${l.lab}"><h2>${l.lab}</h2>${portal.html.accessSheets[l.lab] ? raw(portal.html.accessSheets[l.lab]!) : html`<p class="muted">${l.problem ?? 'No access sheet.'}</p>`}</section>`)}`.value;
  },
};
