/**
 * A small well-formedness check for the generated report (no validator is available offline): one doctype, every element
 * closed in order, void elements never closed, self-closing tags only inside <svg>, attributes double-quoted without raw
 * `<` or `"`, every `&` an entity, no duplicate ids. Returns the problems found.
 */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style']);
const ENTITY = /&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/g;
const ATTRS = /^(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<]*")?)*\s*$/;

export function checkHtml(doc: string): string[] {
  const problems: string[] = [];
  if (!doc.startsWith('<!DOCTYPE html>')) problems.push('does not start with <!DOCTYPE html>');
  const stack: string[] = [];
  const ids = new Set<string>();
  let i = '<!DOCTYPE html>'.length;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    if (text.replace(ENTITY, '').includes('&')) problems.push(`bare & in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    if (doc.startsWith('<!--', lt)) {
      const end = doc.indexOf('-->', lt);
      i = end < 0 ? doc.length : end + 3;
      continue;
    }
    const gt = doc.indexOf('>', lt);
    if (gt < 0) {
      problems.push('unterminated tag');
      break;
    }
    const tag = doc.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const m = /^([a-zA-Z][a-zA-Z0-9]*)([\s\S]*?)(\/?)$/.exec(tag);
    if (m === null) {
      problems.push(`malformed tag <${tag.slice(0, 40)}>`);
      continue;
    }
    const [, rawName = '', attrs = '', selfClosing = ''] = m;
    const name = rawName;
    if (!ATTRS.test(attrs)) problems.push(`malformed attributes in <${name}${attrs.slice(0, 60)}>`);
    if (attrs.replace(ENTITY, '').includes('&')) problems.push(`bare & in attributes of <${name}>`);
    const id = /\sid="([^"]*)"/.exec(attrs)?.[1];
    if (id !== undefined) {
      if (ids.has(id)) problems.push(`duplicate id ${id}`);
      ids.add(id);
    }
    if (VOID.has(name)) continue;
    if (selfClosing === '/') {
      if (!stack.includes('svg')) problems.push(`self-closing <${name}/> outside svg`);
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const close = doc.indexOf(`</${name}>`, i);
      if (close < 0) problems.push(`<${name}> never closed`);
      i = close < 0 ? doc.length : close + name.length + 3;
      continue;
    }
    stack.push(name);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}
