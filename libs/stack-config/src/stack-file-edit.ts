import { isMap, parseDocument } from 'yaml';

/**
 * The stack file's text with one entry of a keyed map set (`config.<key>.<name>`), keeping its
 * comments and the order of everything else: how commands edit re-runs and model pins.
 */
export function setConfigEntry(stackFileText: string, key: string, name: string, value: unknown): string {
  const doc = parseDocument(stackFileText);
  if (!isMap(doc.get('config', true))) throw new Error('the stack file has no "config" mapping');
  doc.setIn(['config', key, name], doc.createNode(value));
  return doc.toString();
}
