import { describe, expect, it } from 'vitest';
import { checkHtml } from './html-check.js';

const page = (body: string): string => `<!DOCTYPE html><html><head><title>t</title></head><body>${body}</body></html>`;

describe('checkHtml (test helper)', () => {
  it('accepts well-formed markup with void elements, svg and raw text', () => {
    expect(checkHtml(page('<p>a &amp; b<br></p><svg><rect x="1"/></svg><script>if (a < b && c) {}</script>'))).toEqual([]);
  });

  it('reports what a broken report would contain', () => {
    expect(checkHtml(page('<p><b>x</p></b>'))).toContain('</p> closes <b>');
    expect(checkHtml(page('<p>a & b</p>'))[0]).toMatch(/bare &/);
    expect(checkHtml(page('<p id="x"></p><p id="x"></p>'))).toContain('duplicate id x');
    expect(checkHtml(page('<div/>'))).toContain('self-closing <div/> outside svg');
    expect(checkHtml(page('<p title="a"b"></p>'))[0]).toMatch(/malformed attributes/);
    expect(checkHtml('<html></html>')).toContain('does not start with <!DOCTYPE html>');
    expect(checkHtml(page('<div>'))).toContain('</body> closes <div>');
    expect(checkHtml('<!DOCTYPE html><html><body>')).toContain('unclosed: html > body');
  });
});
