import { z } from 'zod';

/** The data lake's buckets, by logical name; each environment has its own of each. */
export const LAKE_BUCKETS = ['raw', 'curated', 'models', 'spark-logs'] as const;
export type LakeBucket = (typeof LAKE_BUCKETS)[number];

const LAKE_URI = new RegExp(`^lake://(${LAKE_BUCKETS.join('|')})/([A-Za-z0-9][A-Za-z0-9._=-]*/)*`);

/** A prefix of the lake an app reads or writes: `lake://<bucket>/<path>/`, ending in a slash. */
export const lakePrefix = z
  .string()
  .refine((uri) => LAKE_URI.exec(uri)?.[0] === uri, {
    message: `expected a lake prefix such as lake://raw/orders/: lake://<${LAKE_BUCKETS.join('|')}>/ then folders, each ending in "/"`,
  });

/**
 * The lake prefixes an app reads and writes. The cloud program grants exactly these to the app's
 * role; the render turns the `lake://` locations in its env into the environment's buckets.
 */
export const dataAccess = z
  .strictObject({
    read: z.array(lakePrefix).default([]).describe('Prefixes the app reads (s3:GetObject, listing under them)'),
    write: z.array(lakePrefix).default([]).describe('Prefixes the app writes (s3:PutObject)'),
  })
  .describe('The data lake prefixes the app reads and writes; its cloud identity gets exactly these');
export type DataAccess = z.output<typeof dataAccess>;

/** Whether a `lake://` location lies under one of the prefixes. */
export const coveredBy = (uri: string, prefixes: readonly string[]) => prefixes.some((prefix) => uri.startsWith(prefix));

/** Whether an environment variable's value is a lake location the render resolves. */
export const isLakeLocation = (value: string) => value.startsWith('lake://');

/**
 * The env values that name the lake outside the declared prefixes: `[variable, location]`. The
 * app would be denied at run time; refusing them here says so at review.
 */
export function undeclaredLakeLocations(env: Record<string, string>, data: DataAccess | undefined): [string, string][] {
  const declared = [...(data?.read ?? []), ...(data?.write ?? [])];
  return Object.entries(env).filter(([, value]) => isLakeLocation(value) && !coveredBy(value, declared));
}
