import { escapeHtml, html, SafeHtml } from './html';

describe('html', () => {
  it('escapes the five characters that end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('escapes interpolated text and numbers, keeps markup it built, joins arrays', () => {
    const inner = html`<b>${'<i>'}</b>`;
    const out = html`<p title="${'"x"'}">${inner}${[1, '<', html`<br />`]}</p>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.value).toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b>1&lt;<br /></p>');
  });

  it('leaves out false, null and undefined, so conditions read as `cond && markup`', () => {
    expect(html`[${false}${null}${undefined}${0}]`.value).toBe('[0]');
  });

  it('does not trust an object that only looks like markup', () => {
    const fake = { value: '<script>', toString: () => '<script>' } as unknown as string;
    expect(html`${fake}`.value).toBe('&lt;script&gt;');
  });
});
