import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown.js';

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { children: text }));

describe('Markdown', () => {
  it('shows a script element and an onerror handler as text', () => {
    const html = render('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders Markdown and opens web links safely', () => {
    const html = render('**bold** and [a site](https://example.org/x)');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain(
      '<a href="https://example.org/x" rel="noopener noreferrer" target="_blank">a site</a>',
    );
  });

  it('drops addresses other than http(s) and mailto', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      '/relative',
    ]) {
      const html = render(`[click](${url})`);
      expect(html, url).not.toMatch(/href=/);
      expect(html).toContain('click');
    }
    expect(render('[mail](mailto:a@example.org)')).toContain('href="mailto:a@example.org"');
  });

  it('shows images as links instead of loading them', () => {
    const html = render('![logo](https://tracker.example/pixel.png)');
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('href="https://tracker.example/pixel.png"');
  });

  it('shows a mention as a name, not a link', () => {
    const html = render('Hi @[Maija Meikäläinen](user:6b0f1e2c-0000-4000-8000-000000000000)');
    expect(html).toContain('@<span class="markdown__mention">Maija Meikäläinen</span>');
    expect(html).not.toMatch(/href=/);
  });
});
