import escapeHtml from 'escape-html';

/** Markup that is already safe: what `html` returns and what `raw` vouches for. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks trusted markup (rendered Markdown, another template's output) so `html` keeps it as it is. */
export const raw = (value: string) => new SafeHtml(value);

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** A template literal tag that escapes every interpolated value unless it is SafeHtml: no page can inject markup from a repository file. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, i) => out + text + (i < values.length ? render(values[i]) : ''), ''));
}
