import { readFile } from 'node:fs/promises';
import { isMap, parseDocument } from 'yaml';
import { IMAGE_DIGEST } from './patterns.ts';
import type { ReleasePin } from './schema.ts';


const RELEASES_KEY = 'workloads:releases';
const HOLDS_KEY = 'workloads:holds';

/** The version a new app is pinned at until CI's first release replaces it. */
export const PLACEHOLDER_TAG = 'sha-000000000000';
export const PLACEHOLDER_COMMIT = '0'.repeat(40);

/**
 * Sets release pins in a stack config file's text, keeping its comments and the order of
 * everything else; other apps' pins are left as they are.
 */
export function setReleasePins(stackFileText: string, pins: Record<string, ReleasePin>): string {
  const doc = parseDocument(stackFileText);
  const config = doc.get('config', true);
  if (!isMap(config)) throw new Error('the stack file has no "config" mapping');
  if (!isMap(config.get(RELEASES_KEY, true))) config.set(RELEASES_KEY, doc.createNode({}));
  for (const [app, pin] of Object.entries(pins).sort(([a], [b]) => (a < b ? -1 : 1))) {
    doc.setIn(['config', RELEASES_KEY, app], doc.createNode({ image: pin.image, tag: pin.tag, ...(pin.digest ? { digest: pin.digest } : {}), commit: pin.commit }));
  }
  const releases = doc.getIn(['config', RELEASES_KEY], true);
  if (isMap(releases)) {
    releases.flow = false;
    releases.items.sort((a, b) => String(a.key).localeCompare(String(b.key)));
  }
  return doc.toString();
}

/** Sets (or, with null, clears) promotion holds, keeping comments and everything else. */
export function setHolds(stackFileText: string, holds: Record<string, { version: string; reason: string; since: string } | null>): string {
  const doc = parseDocument(stackFileText);
  const config = doc.get('config', true);
  if (!isMap(config)) throw new Error('the stack file has no "config" mapping');
  for (const [app, hold] of Object.entries(holds)) {
    if (hold) doc.setIn(['config', HOLDS_KEY, app], doc.createNode(hold));
    else if (doc.hasIn(['config', HOLDS_KEY, app])) doc.deleteIn(['config', HOLDS_KEY, app]);
  }
  const remaining = doc.getIn(['config', HOLDS_KEY], true);
  if (isMap(remaining) && remaining.items.length === 0) doc.deleteIn(['config', HOLDS_KEY]);
  return doc.toString();
}

/** A digest written by the release workflow (`digests/<app>`), when there is one. */
export async function readDigest(digestsDir: string | undefined, app: string): Promise<string | undefined> {
  if (!digestsDir) return undefined;
  const text = (await readFile(`${digestsDir}/${app}`, 'utf8').catch(() => '')).trim();
  if (!text) return undefined;
  if (!IMAGE_DIGEST.test(text)) throw new Error(`${digestsDir}/${app}: "${text}" is not an image digest (sha256:<64 hex>)`);
  return text;
}
