import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments, stringify } from 'yaml';
import { FLUX_BOOTSTRAP_FOLDER } from '../render/layout.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ObjectChange {
  change: ChangeKind;
  /** `Kind namespace/name`. */
  object: string;
  /** Unified diff of the object's YAML (empty for added/removed: see `before`/`after`). */
  patch: string;
  before?: string;
  after?: string;
}

type Manifest = { kind?: string; metadata?: { name?: string; namespace?: string } };

/** Every object in a set of files, keyed by `Kind namespace/name`, as YAML without comments. */
function objectsOf(files: Map<string, string>): Map<string, string> {
  const objects = new Map<string, string>();
  for (const [path, content] of files) {
    if (path.endsWith('kustomization.yaml') || path.startsWith(`${FLUX_BOOTSTRAP_FOLDER}/`)) continue;
    for (const doc of parseAllDocuments(content)) {
      const manifest = doc.toJS() as Manifest | null;
      if (!manifest?.kind) continue;
      const ns = manifest.metadata?.namespace ? `${manifest.metadata.namespace}/` : '';
      objects.set(`${manifest.kind} ${ns}${manifest.metadata?.name ?? '?'}`, stringify(manifest, { lineWidth: 0 }));
    }
  }
  return objects;
}

/** What changes object by object between two renderings of one environment, sorted by object. */
export function diffObjects(before: Map<string, string>, after: Map<string, string>): ObjectChange[] {
  return diffTexts(objectsOf(before), objectsOf(after));
}

/** What changes between two sets of texts keyed by object name: added, removed, or a line diff; sorted by key. */
export function diffTexts(old: Map<string, string>, next: Map<string, string>): ObjectChange[] {
  const changes: ObjectChange[] = [];
  for (const key of [...new Set([...old.keys(), ...next.keys()])].sort()) {
    const a = old.get(key);
    const b = next.get(key);
    if (a === b) continue;
    if (a === undefined) changes.push({ change: 'added', object: key, patch: '', after: b! });
    else if (b === undefined) changes.push({ change: 'removed', object: key, patch: '', before: a });
    else {
      const patch = createTwoFilesPatch(key, key, a, b, '', '', { context: 3 }).split('\n').slice(2).join('\n').trimEnd();
      changes.push({ change: 'changed', object: key, patch, before: a, after: b });
    }
  }
  return changes;
}
