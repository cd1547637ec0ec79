import { html } from './html.js';
import type { SitePage } from './site-data.js';

export const templatesPage: SitePage = {
  path: 'templates.11ty.js',
  data: { title: 'Templates', permalink: '/templates/' },
  render: ({ portal }) => {
    const generators = [...new Set(portal.templates.map((t) => t.generator))];
    return html`<p>Each template is an Nx generator: it writes the project, wires CODEOWNERS and CI, and renders staging. Run the command at the root of the repository; in a terminal it asks for anything left out.</p>
${generators.map((generator) => {
  const variants = portal.templates.filter((t) => t.generator === generator);
  const { options, description } = variants[0]!;
  return html`<section aria-labelledby="template-${generator}"><h2 id="template-${generator}">${generator}</h2><p>${description}</p>
${variants.map((t) => html`${t.kind ? html`<h3>${t.kind}</h3>` : ''}<pre><code>${t.command}</code></pre>`)}
<table><caption>Options of ${generator}</caption><thead><tr><th scope="col">Option</th><th scope="col">Values</th><th scope="col">Default</th><th scope="col">What it does</th></tr></thead>
<tbody>${options.map((o) => html`<tr><td><code>${o.flag}</code></td><td>${o.choices.length ? o.choices.join(', ') : o.type}</td><td>${o.default === null ? '—' : String(o.default)}</td><td>${o.description}</td></tr>`)}</tbody></table></section>`;
})}
<section aria-labelledby="lab-templates"><h2 id="lab-templates">Training labs</h2>
<p>A lab gives each participant a JupyterLab workspace of one of these templates; <code>npx workbench lab create --help</code> lists every option.</p>
<table><thead><tr><th scope="col">Template</th><th scope="col">Workspace</th><th scope="col">Per participant (default)</th></tr></thead>
<tbody>${portal.labTemplates.map((t) => html`<tr><th scope="row">${t.template}</th><td>${t.summary}</td><td>${t.perParticipant}</td></tr>`)}</tbody></table>
${portal.labTemplates.map((t) => html`<pre><code>${t.command}</code></pre>`)}</section>`.value;
  },
};
