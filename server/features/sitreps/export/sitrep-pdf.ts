import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { PhrasingContent, RootContent } from 'mdast';
import { isThreatLevel } from '../../../../shared/threat-levels.js';
import { isSafeUrl, parseMarkdown } from './markdown-tree.js';
import {
  asSeverity,
  formatTime,
  pick,
  resolve,
  type Resolved,
  type SitrepRenderInput,
} from './sitrep-labels.js';
import { TLP_BACKGROUND, tlpLabel, tlpTextColours } from './tlp-colours.js';

/**
 * A situation report version as an A4 PDF (pdfmake, server side). Every page carries the TLP label
 * in its header and footer (TLP 2.0 colours on black), the version, the approval time in Finnish
 * time and "page / pages".
 */

// Roboto, as shipped with pdfmake: it covers å ä ö Å Ä Ö and the rest of Latin-1 and beyond.
const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')),
  'fonts',
  'Roboto',
);
pdfmake.setFonts({
  Roboto: {
    normal: path.join(fontDir, 'Roboto-Regular.ttf'),
    bold: path.join(fontDir, 'Roboto-Medium.ttf'),
    italics: path.join(fontDir, 'Roboto-Italic.ttf'),
    bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf'),
  },
});
// The document never fetches anything: no URLs at all, and from disk only the fonts.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir + path.sep));

const MUTED = '#444444';

// ---------------------------------------------------------------- Markdown → pdfmake

type Inline = string | { text: Inline[] | string; bold?: boolean; italics?: boolean; background?: string };

const inlines = (nodes: readonly PhrasingContent[]): Inline[] =>
  nodes.flatMap((node): Inline[] => {
    switch (node.type) {
      case 'text':
        return [node.value];
      case 'strong':
        return [{ text: inlines(node.children), bold: true }];
      case 'emphasis':
        return [{ text: inlines(node.children), italics: true }];
      case 'delete':
        return inlines(node.children);
      case 'inlineCode':
        return [{ text: node.value, background: '#eeeeee' }];
      case 'break':
        return ['\n'];
      case 'link': {
        const label = inlines(node.children);
        const url = node.url.trim();
        const labelText = node.children.map((c) => ('value' in c ? c.value : '')).join('');
        return isSafeUrl(url) && url !== labelText ? [...label, ` (${url})`] : label;
      }
      case 'linkReference':
        return inlines(node.children);
      case 'image':
      case 'imageReference':
        return node.alt ? [`[${node.alt}]`] : [];
      case 'html':
        // Raw HTML is text, never markup.
        return [node.value];
      default:
        return 'value' in node && typeof node.value === 'string' ? [node.value] : [];
    }
  });

const headingSizes = [13, 12, 11, 10.5, 10.5, 10.5];

const blocks = (nodes: readonly RootContent[]): Content[] =>
  nodes.flatMap((node): Content[] => {
    switch (node.type) {
      case 'heading':
        return [
          {
            text: inlines(node.children),
            bold: true,
            fontSize: headingSizes[node.depth - 1] ?? 10.5,
            margin: [0, 6, 0, 3],
            headlineLevel: 3,
          } as Content,
        ];
      case 'paragraph':
        return [{ text: inlines(node.children), margin: [0, 0, 0, 6] } as Content];
      case 'list': {
        const items = node.children.map((item) => ({ stack: blocks(item.children) }) as Content);
        return [
          node.ordered
            ? ({ ol: items, start: node.start ?? 1, margin: [0, 0, 0, 6] } as Content)
            : ({ ul: items, margin: [0, 0, 0, 6] } as Content),
        ];
      }
      case 'blockquote':
        return [{ stack: blocks(node.children), margin: [14, 0, 0, 6], color: MUTED, italics: true }];
      case 'code':
        return [
          {
            table: {
              widths: ['*'],
              body: [[{ text: node.value, preserveLeadingSpaces: true, fontSize: 9 }]],
            },
            layout: {
              fillColor: () => '#f2f2f2',
              hLineWidth: () => 0,
              vLineWidth: () => 0,
            },
            margin: [0, 0, 0, 6],
          },
        ];
      case 'thematicBreak':
        return [
          {
            canvas: [{ type: 'line', x1: 0, y1: 0, x2: 515, y2: 0, lineWidth: 0.5, lineColor: '#999999' }],
            margin: [0, 4, 0, 8],
          },
        ];
      case 'html':
        return [{ text: node.value, margin: [0, 0, 0, 6] }];
      case 'definition':
        return [];
      default:
        if ('children' in node) return blocks(node.children as RootContent[]);
        return 'value' in node && typeof node.value === 'string' ? [{ text: node.value }] : [];
    }
  });

/** Markdown as pdfmake content: headings, paragraphs, lists, emphasis; links as their text. */
export const markdownToPdf = (markdown: string): Content[] => blocks(parseMarkdown(markdown).children);

// ---------------------------------------------------------------- the document

const tlpBox = (tlp: SitrepRenderInput['tlp'], fontSize = 9): Content => ({
  table: {
    body: [
      [
        {
          text: tlpLabel(tlp),
          bold: true,
          fontSize,
          color: tlpTextColours[tlp],
          fillColor: TLP_BACKGROUND,
          margin: [4, 1, 4, 1],
        },
      ],
    ],
  },
  layout: 'noBorders',
});

const sectionHeading = (text: string): Content => ({
  text,
  style: 'sectionHeading',
  headlineLevel: 1,
});

const isHeading = (block: Content): boolean =>
  typeof block === 'object' &&
  !Array.isArray(block) &&
  'headlineLevel' in block &&
  block.headlineLevel !== undefined;
const isText = (block: Content): boolean =>
  typeof block === 'object' && !Array.isArray(block) && 'text' in block && !isHeading(block);

/**
 * A heading never ends a page: it is kept together with the paragraph after it (cheaper than
 * pdfmake's pageBreakBefore, which lays the whole document out again for every break it adds).
 */
const keepHeadingsWithText = (blocks: Content[]): Content[] => {
  const out: Content[] = [];
  for (let i = 0; i < blocks.length; i += 1) {
    const block = blocks[i]!;
    if (!isHeading(block)) {
      out.push(block);
      continue;
    }
    const group: Content[] = [block];
    while (i + 1 < blocks.length && isHeading(blocks[i + 1]!)) group.push(blocks[(i += 1)]!);
    if (i + 1 < blocks.length && isText(blocks[i + 1]!)) group.push(blocks[(i += 1)]!);
    out.push(group.length > 1 ? { stack: group, unbreakable: true } : block);
  }
  return out;
};

const incidentsTable = (r: Resolved): Content[] => {
  const { l, input } = r;
  if (input.content.incidents.length === 0)
    return [{ text: l.noIncidents, italics: true, margin: [0, 0, 0, 8] }];
  const header: TableCell[] = [l.incidentTitle, l.incidentStatus, l.incidentSeverity, l.incidentSummary].map(
    (text) => ({ text, style: 'tableHeader' }),
  );
  const rows: TableCell[][] = input.content.incidents.map((incident) => [
    { text: incident.title, bold: true },
    { text: l.status[incident.status] ?? incident.status },
    { text: `${incident.severity} – ${l.severity[asSeverity(incident.severity)]}` },
    { text: incident.summary },
  ]);
  return [
    {
      table: { headerRows: 1, widths: [130, 70, 70, '*'], body: [header, ...rows] },
      layout: 'lightHorizontalLines',
      fontSize: 9,
      margin: [0, 0, 0, 10],
    },
  ];
};

const threatTable = (r: Resolved): Content[] => {
  const { l, input, language } = r;
  if (input.content.threatLevels.length === 0) return [];
  const header: TableCell[] = [l.threatDomain, l.threatLevel, l.threatSetAt].map((text) => ({
    text,
    style: 'tableHeader',
  }));
  const rows: TableCell[][] = input.content.threatLevels.map((t) => [
    { text: l.domain[t.domain] ?? t.domain },
    {
      text:
        t.level === null
          ? l.notAssessed
          : `${t.level} – ${pick(t.name, r.order).text || (isThreatLevel(t.level) ? l.threatLevelName[t.level] : '')}`,
    },
    { text: t.setAt ? formatTime(t.setAt, language) : '–' },
  ]);
  return [
    {
      table: { headerRows: 1, widths: ['*', 'auto', 'auto'], body: [header, ...rows] },
      layout: 'lightHorizontalLines',
      fontSize: 9,
      margin: [0, 0, 0, 10],
    },
  ];
};

const recipientsBlock = (r: Resolved): Content[] => {
  const { l, input } = r;
  const { organisations, communities } = input.content.recipients;
  const out: Content[] = [sectionHeading(l.recipients)];
  if (organisations.length === 0 && communities.length === 0) out.push({ text: l.noRecipients });
  if (organisations.length > 0) {
    out.push({ text: l.recipientOrganisations, bold: true, margin: [0, 0, 0, 2] });
    out.push({
      ul: organisations.map((o) => {
        const name = pick(o.name, r.order).text;
        return name && name !== o.shortName ? `${o.shortName} – ${name}` : o.shortName;
      }),
      margin: [0, 0, 0, 6],
    });
  }
  if (communities.length > 0) {
    out.push({ text: l.recipientCommunities, bold: true, margin: [0, 0, 0, 2] });
    out.push({ ul: communities.map((c) => pick(c.name, r.order).text), margin: [0, 0, 0, 6] });
  }
  return out;
};

/** The whole body of the document (without header and footer). */
const body = (r: Resolved): Content[] => {
  const { l, input } = r;
  const { content } = input;
  const out: Content[] = [
    { text: r.title, style: 'title' },
    {
      table: {
        widths: ['auto', '*'],
        body: [
          [{ text: l.election, bold: true }, r.electionName],
          [{ text: l.kind, bold: true }, r.templateName],
          [{ text: l.period, bold: true }, `${r.period} (${l.helsinkiTime})`],
          [{ text: l.version, bold: true }, String(input.number)],
          [{ text: l.approved, bold: true }, `${r.approvedAt} (${l.helsinkiTime}), ${input.approvedBy}`],
        ],
      },
      layout: 'noBorders',
      margin: [0, 0, 0, 8],
    },
    { text: l.handling[input.tlp], italics: true, color: MUTED, margin: [0, 0, 0, 6] },
  ];
  if (content.loweredMarking) {
    const lm = content.loweredMarking;
    out.push({
      text: l.sanitised(tlpLabel(lm.from), tlpLabel(lm.to), lm.reason),
      italics: true,
      margin: [0, 0, 0, 6],
    });
  }
  for (const shown of r.titleFallbacks) {
    out.push({ text: l.titleFallback(shown), italics: true, color: MUTED, margin: [0, 0, 0, 6] });
  }

  let incidentsShown = false;
  let threatsShown = false;
  for (const section of content.sections) {
    const title = pick(section.title, r.order).text || section.key;
    const text = pick(section.body, r.order);
    out.push(sectionHeading(title));
    if (text.fellBack && text.shown) {
      out.push({
        text: l.fallback(text.shown),
        italics: true,
        color: MUTED,
        fontSize: 9,
        margin: [0, 0, 0, 4],
      });
    }
    if (text.shown === null) {
      if (section.key !== 'notable_incidents' && section.key !== 'threat_levels') {
        out.push({ text: l.emptySection, italics: true, color: MUTED, margin: [0, 0, 0, 6] });
      }
    } else {
      out.push(...markdownToPdf(text.text));
    }
    if (section.key === 'notable_incidents') {
      out.push(...incidentsTable(r));
      incidentsShown = true;
    }
    if (section.key === 'threat_levels') {
      out.push(...threatTable(r));
      threatsShown = true;
    }
  }
  if (!incidentsShown) out.push(sectionHeading(l.notableIncidents), ...incidentsTable(r));
  if (!threatsShown && content.threatLevels.length > 0) {
    out.push(sectionHeading(l.threatLevels), ...threatTable(r));
  }
  out.push(...recipientsBlock(r));
  return keepHeadingsWithText(out);
};

export const sitrepPdfDefinition = (input: SitrepRenderInput): TDocumentDefinitions => {
  const r = resolve(input);
  const { l } = r;
  const stamp = `${l.version} ${input.number} · ${l.approved} ${r.approvedAt} (${l.helsinkiTime})`;
  return {
    pageSize: 'A4',
    pageMargins: [40, 62, 40, 56],
    info: {
      title: `${tlpLabel(input.tlp)} ${r.title}`,
      subject: `${l.documentKind} – ${r.electionName}`,
      author: input.approvedBy,
      creator: 'Vaalivahti',
      producer: 'Vaalivahti',
    },
    language: { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[input.language],
    header: () => ({
      margin: [40, 22, 40, 0],
      columns: [
        { width: 'auto', stack: [tlpBox(input.tlp)] },
        {
          width: '*',
          text: r.title,
          alignment: 'right',
          fontSize: 8,
          color: MUTED,
          margin: [12, 2, 0, 0],
        },
      ],
    }),
    footer: (currentPage: number, pageCount: number) => ({
      margin: [40, 14, 40, 0],
      columns: [
        { width: 'auto', stack: [tlpBox(input.tlp)] },
        { width: '*', text: stamp, fontSize: 8, color: MUTED, margin: [12, 2, 12, 0] },
        { width: 'auto', text: `${currentPage} / ${pageCount}`, fontSize: 9, margin: [0, 1, 0, 0] },
      ],
    }),
    content: body(r),
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 8] },
      sectionHeading: { fontSize: 14, bold: true, margin: [0, 12, 0, 4] },
      tableHeader: { bold: true },
    },
  };
};

/** The PDF, in memory. */
export const renderSitrepPdf = async (input: SitrepRenderInput): Promise<Buffer> =>
  pdfmake.createPdf(sitrepPdfDefinition(input)).getBuffer();
