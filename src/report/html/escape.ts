/**
 * Everything in a report that came from a capture is hostile text: names, messages, filters, addresses. It goes through
 * `escapeHtml` both as element content and as (always double-quoted) attribute values.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string | number): string {
  // Control characters other than tab/newline are not allowed in HTML text; show them as U+FFFD.
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

/** Tagged template: interpolated values are escaped unless they are `Raw` (already-built markup). */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type HtmlValue = string | number | Raw | readonly HtmlValue[] | null | undefined | false;

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return (v as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(v as string | number);
}
