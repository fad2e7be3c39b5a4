import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../../../shared/contracts/locales.js';
import { renderSitrepHtml } from './sitrep-html.js';
import { renderSitrepMarkdown } from './sitrep-markdown.js';
import { renderSitrepPdf, sitrepPdfDefinition } from './sitrep-pdf.js';
import { sampleInput } from './sitrep-sample.js';

const run = promisify(execFile);
const squash = (text: string) => text.replace(/\s+/g, ' ');

const hostile = {
  fi: '# Otsikko\n\nTeksti <script>alert("x")</script> ja [klikkaa](javascript:alert(1)) sekä [vaalit.fi](https://vaalit.fi/).\n\n<img src=x onerror=alert(2)>\n\n- kohta **lihava**\n- kohta _kursiivi_',
  sv: 'Text <script>alert("sv")</script>',
  en: 'Text <script>alert("en")</script>',
};

/** The sample with a section whose text tries to inject markup, and an incident title that does. */
const hostileInput = (language: Locale = 'fi') => {
  const input = sampleInput({ language, paragraphs: 1, incidents: 2 });
  input.content.sections[0]!.body = hostile;
  input.content.incidents[0]!.title = '<b>Otsikko</b> | putki';
  return input;
};

describe('PDF export', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sitrep-pdf-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const pagesOf = async (file: string) =>
    Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [file])).stdout)?.[1] ?? 0);
  const pageText = async (file: string, page: number) =>
    (await run('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', file, '-'])).stdout;

  it.each([
    ['fi', 'Versio 2', 'Hyväksytty 18.4.2027 klo 08.30 (Suomen aikaa)'],
    ['sv', 'Version 2', 'Godkänd 18.4.2027 08.30 (finsk tid)'],
  ] as const)(
    'puts the label, page number, version and approval time on every page (%s), å ä ö intact',
    async (language, version, approved) => {
      const pdf = await renderSitrepPdf(sampleInput({ language, paragraphs: 6, incidents: 12 }));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const file = path.join(dir, `report-${language}.pdf`);
      await fs.writeFile(file, pdf);
      const pages = await pagesOf(file);
      expect(pages).toBeGreaterThanOrEqual(3);

      let whole = '';
      for (let page = 1; page <= pages; page += 1) {
        const text = await pageText(file, page);
        whole += text;
        // Header and footer: the label twice on every page.
        expect(text.match(/TLP:AMBER/g)?.length ?? 0, `page ${page}`).toBeGreaterThanOrEqual(2);
        expect(text, `page ${page}`).toMatch(new RegExp(`(^|\\s)${page}\\s*/\\s*${pages}(\\s|$)`));
        expect(squash(text), `page ${page}`).toContain(version);
        expect(squash(text), `page ${page}`).toContain(approved);
      }
      const all = squash(whole);
      expect(all).toContain('Ä Ö Å ä ö å');
      if (language === 'fi') {
        expect(all).toContain('Pohjois-Pohjanmaan vaalipiiri');
        expect(all).toContain('äänestyspaikkojen häiriöt jatkuivat');
        expect(all).toContain('Merkittävät tapaukset');
      } else {
        expect(all).toContain('Åland, Vörå, Närpes');
        expect(all).toContain('förhandsröstningens tjänst');
        expect(all).toContain('Betydande incidenter');
      }
      // Markdown rendered: no markup characters left, links as text with their address.
      expect(all).not.toContain('**');
      expect(all).not.toContain('### ');
      expect(all).toContain('linkki (https://vaalit.fi/ohjeet)');
      // The notable incidents table and the distribution list.
      expect(all).toContain('Palvelunestohyökkäys 12');
      expect(all).toMatch(/OM – (Oikeusministeriö|Justitieministeriet)/);
    },
  );

  it('says when a section is shown in another language', async () => {
    const file = path.join(dir, 'report-en.pdf');
    await fs.writeFile(file, await renderSitrepPdf(sampleInput({ language: 'en', paragraphs: 1 })));
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(squash(stdout)).toContain(
      'This section has not been written in English, so it is shown in Finnish.',
    );
  });

  it('shows raw HTML of a section as text and drops javascript: links', async () => {
    const file = path.join(dir, 'hostile.pdf');
    await fs.writeFile(file, await renderSitrepPdf(hostileInput()));
    const text = squash((await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout);
    expect(text).toContain('<script>alert("x")</script>');
    expect(text).toContain('klikkaa sekä vaalit.fi (https://vaalit.fi/)');
    expect(text).not.toContain('javascript:');
  });

  it('draws the label in the TLP 2.0 colours on black, in header and footer', () => {
    for (const [tlp, colour] of [
      ['red', '#FF2B2B'],
      ['amber', '#FFC000'],
      ['amber+strict', '#FFC000'],
      ['green', '#33FF00'],
      ['clear', '#FFFFFF'],
    ] as const) {
      const definition = sitrepPdfDefinition(sampleInput({ tlp, paragraphs: 1 }));
      for (const part of [definition.header, definition.footer]) {
        const json = JSON.stringify(
          typeof part === 'function' ? part(1, 3, { width: 595, height: 842 } as never) : part,
        );
        expect(json).toContain(`"text":"TLP:${tlp.toUpperCase()}"`);
        expect(json).toContain(`"color":"${colour}"`);
        expect(json).toContain('"fillColor":"#000000"');
      }
    }
  });
});

describe('Markdown export', () => {
  it('carries the label first and last and the report in the chosen language', () => {
    const md = renderSitrepMarkdown(sampleInput({ language: 'sv', tlp: 'red', paragraphs: 2 }));
    const lines = md.trim().split('\n');
    expect(lines[0]).toBe('**TLP:RED**');
    expect(lines.at(-1)).toBe('**TLP:RED**');
    expect(md).toContain('# Daglig lägesrapport – Åland, Vörå, Närpes');
    expect(md).toContain('## Huvudsakliga bedömningar');
    // A section's own headings sit below the section heading.
    expect(md).toContain('\n##### Underrubrik 1\n');
    expect(md).toContain('*störningarna*');
    expect(md).toContain('| Incident | Status | Allvarlighetsgrad | Sammanfattning |');
    expect(md).toContain('Endast för namngivna mottagare.');
  });

  it('says when a section is shown in another language', () => {
    const md = renderSitrepMarkdown(sampleInput({ language: 'en', paragraphs: 1 }));
    expect(md).toContain('_This section has not been written in English, so it is shown in Finnish._');
  });

  it('turns raw HTML into text and escapes table cells', () => {
    const md = renderSitrepMarkdown(hostileInput());
    expect(md).not.toMatch(/(^|[^\\])<script/);
    expect(md).toContain('\\<script>alert("x")\\</script>');
    expect(md).toContain('\\<img src=x onerror=alert(2)>');
    expect(md).not.toContain('javascript:');
    expect(md).toContain('[vaalit.fi](https://vaalit.fi/)');
    expect(md).toContain('\\<b>Otsikko\\</b> \\| putki');
  });
});

describe('HTML export', () => {
  it('is a standalone page with the label at the top and bottom in TLP colours', () => {
    const html = renderSitrepHtml(sampleInput({ language: 'fi', tlp: 'green', paragraphs: 2 }));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="fi">');
    expect(html.match(/<p class="tlp"><span>TLP:GREEN<\/span><\/p>/g)).toHaveLength(2);
    expect(html).toContain('background: #000000; color: #33FF00');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`);
    expect(html).toContain('<h1>Päivittäinen tilannekatsaus – Pohjois-Pohjanmaan vaalipiiri</h1>');
    expect(html).toContain('<strong>häiriöt</strong>');
    expect(html).toContain('<h5>Alaotsikko 1</h5>');
    expect(html).toContain('<th scope="col">Vakavuus</th>');
    expect(html).not.toMatch(/<script|<link|<img|src=|javascript:/i);
  });

  it('escapes every text and shows raw HTML of a section as text', () => {
    const html = renderSitrepHtml(hostileInput());
    expect(html).not.toMatch(/<script|<img|onerror=alert\(2\)>|javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain(
      'klikkaa sekä <a href="https://vaalit.fi/" rel="noopener noreferrer nofollow">vaalit.fi</a>',
    );
    expect(html).toContain('&lt;b&gt;Otsikko&lt;/b&gt; | putki');
    expect(html).toContain('<li>kohta <strong>lihava</strong></li>');
  });

  it('says when a section is shown in another language', () => {
    const html = renderSitrepHtml(sampleInput({ language: 'en', paragraphs: 1 }));
    expect(html).toContain('This section has not been written in English, so it is shown in Finnish.');
    expect(html).toContain('<div lang="fi">');
  });
});
