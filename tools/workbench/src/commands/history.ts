import type { HistoryEntry } from '../promote/environment-history.js';

export { environmentHistory as historyCommand } from '../promote/environment-history.js';

export function formatHistory(entries: HistoryEntry[]): string {
  return entries
    .map((e) => {
      const head = `${e.date}  ${e.commit.slice(0, 12)}  ${e.author}${e.pullRequest ? `  #${e.pullRequest}` : ''}  ${e.subject}`;
      return [
        head,
        ...e.changes.map((c) => `    ${c.app}: ${c.from ?? '(none)'} -> ${c.to ?? '(removed)'}`),
        ...e.models.map((m) => `    model ${m.model}: ${m.from ? `version ${m.from}` : '(none)'} -> ${m.to ? `version ${m.to}` : '(removed)'}`),
        ...e.holds.map((h) => (h.held ? `    ${h.app}: held at ${h.held.version} (${h.held.reason})` : `    ${h.app}: hold released`)),
        ...e.reruns.map((r) => `    ${r.app}: re-run ${r.run} (${r.reason})`),
      ].join('\n');
    })
    .join('\n') + '\n';
}
