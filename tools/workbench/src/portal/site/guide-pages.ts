import type { Guide } from '../guides.js';
import { html, raw } from './html.js';
import type { SitePage } from './site-data.js';
import { urls } from './urls.js';

export const guidesIndexPage: SitePage = {
  path: 'guides.11ty.js',
  data: { title: 'Guides', permalink: urls.guides },
  render: ({ portal }) => html`${raw(portal.html.guidesIndex)}`.value,
};

export const guidePage: SitePage = {
  path: 'guide.11ty.js',
  data: {
    pagination: { data: 'portal.guides.guides', size: 1, alias: 'guide' },
    permalink: (data: { guide: Guide }) => urls.guide(data.guide.slug),
    eleventyComputed: { title: (data: { guide: Guide }) => data.guide.title },
  },
  render: (data) => {
    const guide = data.guide as Guide;
    return html`${raw(data.portal.html.guides[guide.slug] ?? '')}
<p class="muted">Source: <a href="${data.portal.repository.url}/blob/${data.portal.repository.branch}/${guide.file}">${guide.file}</a>.</p>`.value;
  },
};
