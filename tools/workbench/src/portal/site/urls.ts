/** The portal's URLs, root-relative: the HTML base plugin prefixes them with --base-path. */
export const urls = {
  home: '/',
  catalog: '/catalog/',
  project: (name: string) => `/catalog/${name}/`,
  environments: '/environments/',
  platform: '/platform/',
  labs: '/labs/',
  templates: '/templates/',
  guides: '/guides/',
  guide: (slug: string) => `/guides/${slug}/`,
  search: '/search/',
  entities: '/backstage/catalog-info.yaml',
  data: '/data/portal.json',
  status: '/data/status.json',
} as const;
