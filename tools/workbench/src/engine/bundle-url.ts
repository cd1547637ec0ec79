import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The query parameter a checkout-independent bundle reads its checkout from. */
export const BUNDLE_ROOT_PARAM = 'root';

/**
 * The URL to import a bundle by. A bundle built for a checkout (`BundleRequest.root`) names the
 * paths inside it relative to it and is shared by every checkout of the same sources, so it is
 * imported with the checkout it runs for; each checkout gets its own module instance.
 */
export function bundleModuleUrl(file: string, root?: string): string {
  const url = pathToFileURL(file);
  if (root) url.searchParams.set(BUNDLE_ROOT_PARAM, `${pathToFileURL(realpathSync(root)).href}/`);
  return url.href;
}

/** Marks a bundle's source map whose sources are relative to the checkout it is imported for. */
export const ROOT_RELATIVE_SOURCES = 'x_workbench_sources_relative_to_root';
