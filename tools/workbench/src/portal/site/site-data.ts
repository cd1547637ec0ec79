import type { PortalData } from '../portal-data.js';

/** PortalData with its Markdown already rendered to HTML (links resolved to portal pages or GitHub). */
export interface SiteData extends PortalData {
  html: {
    readmes: Record<string, string>;
    guides: Record<string, string>;
    guidesIndex: string;
    accessSheets: Record<string, string>;
  };
}

/** What a page's render function receives from Eleventy. */
export interface PageData {
  portal: SiteData;
  page: { url: string };
  title: string;
  [alias: string]: unknown;
}

/** A page (or, with pagination, a page per item) as an Eleventy 11ty.js virtual template. */
export interface SitePage {
  /** The virtual template's path: its name in Eleventy's logs. */
  path: string;
  data: Record<string, unknown>;
  render: (data: PageData) => string;
}
