import { describe, expect, it } from 'vitest';
import { escapeHtml, html, Raw } from '../../../src/report/html/escape.js';

describe('escapeHtml / html``', () => {
  it('escapes markup characters and replaces control characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u001bc\td\ne')).toBe('a\ufffdb\ufffdc\td\ne');
    expect(escapeHtml(42)).toBe('42');
  });

  it('escapes interpolated values but not nested templates or Raw', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${new Raw('<br>')}${['<', html`<hr>`]}${null}${undefined}${false}</p>`.html).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b><br>&lt;<hr></p>',
    );
  });
});
