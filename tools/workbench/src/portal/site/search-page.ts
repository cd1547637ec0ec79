import { html, raw } from './html.js';
import type { SitePage } from './site-data.js';
import { urls } from './urls.js';

/** Pagefind's own UI over the index `portal build` writes into /pagefind/: static files, so search works offline. */
export const searchPage: SitePage = {
  path: 'search.11ty.js',
  data: { title: 'Search', permalink: urls.search },
  render: () =>
    html`<div id="search" data-pagefind-ignore></div>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind-ui.js"></script>
<script>${raw(`
  const ui = new PagefindUI({ element: '#search', showSubResults: true, showImages: false, resetStyles: false });
  // Pagefind's input has a placeholder but no accessible name.
  document.querySelector('.pagefind-ui__search-input')?.setAttribute('aria-label', 'Search terms');
  const query = new URLSearchParams(location.search).get('q');
  if (query) ui.triggerSearch(query);
`)}</script>`.value,
};
