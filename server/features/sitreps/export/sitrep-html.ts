import type { Nodes, RootContent } from 'mdast';
import { isThreatLevel } from '../../../../shared/threat-levels.js';
import { sanitisedTree } from './markdown-tree.js';
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
 * A situation report version as one standalone HTML page: no script, no external resources (its
 * own Content-Security-Policy says so), inline CSS, the TLP label at the top and bottom. The
 * sections' Markdown is rendered from its syntax tree into a fixed set of elements; every text is
 * escaped and raw HTML in a section is shown as text.
 */

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const children = (node: { children: readonly RootContent[] }): string => node.children.map(html).join('');

/** The sanitised tree (see markdown-tree.ts) as HTML: only the elements listed here. */
const html = (node: Nodes): string => {
  switch (node.type) {
    case 'root':
      return children(node);
    case 'text':
      return escapeHtml(node.value);
    case 'paragraph':
      return `<p>${children(node)}</p>\n`;
    case 'heading':
      return `<h${node.depth}>${children(node)}</h${node.depth}>\n`;
    case 'strong':
      return `<strong>${children(node)}</strong>`;
    case 'emphasis':
      return `<em>${children(node)}</em>`;
    case 'delete':
      return `<del>${children(node)}</del>`;
    case 'inlineCode':
      return `<code>${escapeHtml(node.value)}</code>`;
    case 'code':
      return `<pre><code>${escapeHtml(node.value)}</code></pre>\n`;
    case 'break':
      return '<br>';
    case 'thematicBreak':
      return '<hr>\n';
    case 'blockquote':
      return `<blockquote>${children(node)}</blockquote>\n`;
    case 'list': {
      const tag = node.ordered ? 'ol' : 'ul';
      const start = node.ordered && node.start !== null && node.start !== undefined && node.start !== 1;
      return `<${tag}${start ? ` start="${Number(node.start)}"` : ''}>\n${children(node)}</${tag}>\n`;
    }
    case 'listItem':
      // A tight list item's paragraphs are shown without their margins.
      return `<li>${node.spread ? children(node) : node.children.map((c) => (c.type === 'paragraph' ? children(c) : html(c))).join('')}</li>\n`;
    case 'link':
      // sanitisedTree keeps only http(s) and mailto links.
      return `<a href="${escapeHtml(node.url)}" rel="noopener noreferrer nofollow">${children(node)}</a>`;
    default:
      if ('children' in node) return children(node as { children: RootContent[] });
      return 'value' in node && typeof node.value === 'string' ? escapeHtml(node.value) : '';
  }
};

/** A section body (Markdown) as safe HTML, its headings below the section's. */
export const markdownToHtml = (markdown: string): string => html(sanitisedTree(markdown, 2));

const tlpLabelHtml = (r: Resolved): string =>
  `<p class="tlp"><span>${escapeHtml(tlpLabel(r.input.tlp))}</span></p>`;

const incidentsHtml = (r: Resolved): string => {
  const { l, input } = r;
  if (input.content.incidents.length === 0) return `<p class="note">${escapeHtml(l.noIncidents)}</p>\n`;
  const rows = input.content.incidents
    .map(
      (i) =>
        `<tr><th scope="row">${escapeHtml(i.title)}</th><td>${escapeHtml(l.status[i.status] ?? i.status)}</td><td>${escapeHtml(`${i.severity} – ${l.severity[asSeverity(i.severity)]}`)}</td><td>${escapeHtml(i.summary)}</td></tr>`,
    )
    .join('\n');
  return `<table>
<caption>${escapeHtml(l.notableIncidents)}</caption>
<thead><tr><th scope="col">${escapeHtml(l.incidentTitle)}</th><th scope="col">${escapeHtml(l.incidentStatus)}</th><th scope="col">${escapeHtml(l.incidentSeverity)}</th><th scope="col">${escapeHtml(l.incidentSummary)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>\n`;
};

const threatsHtml = (r: Resolved): string => {
  const { l, input } = r;
  const rows = input.content.threatLevels
    .map((t) => {
      const level =
        t.level === null
          ? l.notAssessed
          : `${t.level} – ${pick(t.name, r.order).text || (isThreatLevel(t.level) ? l.threatLevelName[t.level] : '')}`;
      return `<tr><th scope="row">${escapeHtml(l.domain[t.domain] ?? t.domain)}</th><td>${escapeHtml(level)}</td><td>${escapeHtml(t.setAt ? formatTime(t.setAt, r.language) : '–')}</td></tr>`;
    })
    .join('\n');
  return `<table>
<caption>${escapeHtml(l.threatLevels)}</caption>
<thead><tr><th scope="col">${escapeHtml(l.threatDomain)}</th><th scope="col">${escapeHtml(l.threatLevel)}</th><th scope="col">${escapeHtml(l.threatSetAt)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>\n`;
};

const css = (r: Resolved): string => `
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 50rem; padding: 1.5rem; }
  .tlp { margin: 0 0 1rem; }
  .tlp span { display: inline-block; background: ${TLP_BACKGROUND}; color: ${tlpTextColours[r.input.tlp]}; font-weight: 700; letter-spacing: 0.03em; padding: 0.15rem 0.5rem; }
  footer .tlp { margin: 1rem 0 0; }
  h1 { font-size: 1.7rem; margin: 0 0 0.75rem; }
  h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #ccc; }
  h3, h4, h5, h6 { font-size: 1.05rem; margin: 1rem 0 0.25rem; }
  dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 1rem; }
  dl.meta dt { font-weight: 700; }
  dl.meta dd { margin: 0; }
  .note { font-style: italic; color: #444; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.95rem; }
  caption { text-align: left; font-weight: 700; padding-bottom: 0.25rem; }
  th, td { border-bottom: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
  thead th { border-bottom: 2px solid #666; }
  pre { background: #f2f2f2; padding: 0.5rem; overflow-x: auto; }
  code { background: #f2f2f2; }
  blockquote { margin: 0 0 1rem; padding-left: 1rem; border-left: 3px solid #ccc; color: #444; }
  footer { border-top: 1px solid #ccc; margin-top: 2rem; padding-top: 0.5rem; font-size: 0.9rem; color: #444; }
  @media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
`;

/** Content-Security-Policy of the page: inline styles, nothing else (no script, no fetch). */
export const HTML_EXPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export const renderSitrepHtml = (input: SitrepRenderInput): string => {
  const r = resolve(input);
  const {
    l,
    input: { content },
  } = r;
  const parts: string[] = [];
  const meta: [string, string][] = [
    [l.election, r.electionName],
    [l.kind, r.templateName],
    [l.period, `${r.period} (${l.helsinkiTime})`],
    [l.version, String(input.number)],
    [l.approved, `${r.approvedAt} (${l.helsinkiTime}), ${input.approvedBy}`],
  ];
  parts.push(`<h1>${escapeHtml(r.title)}</h1>`);
  parts.push(
    `<dl class="meta">\n${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n')}\n</dl>`,
  );
  parts.push(`<p class="note">${escapeHtml(l.handling[input.tlp])}</p>`);
  if (content.loweredMarking) {
    const lm = content.loweredMarking;
    parts.push(
      `<p class="note">${escapeHtml(l.sanitised(tlpLabel(lm.from), tlpLabel(lm.to), lm.reason))}</p>`,
    );
  }
  for (const shown of r.titleFallbacks)
    parts.push(`<p class="note">${escapeHtml(l.titleFallback(shown))}</p>`);

  let incidentsShown = false;
  let threatsShown = false;
  for (const section of content.sections) {
    const text = pick(section.body, r.order);
    const body: string[] = [`<h2>${escapeHtml(pick(section.title, r.order).text || section.key)}</h2>`];
    if (text.fellBack && text.shown) {
      body.push(`<p class="note" lang="${r.language}">${escapeHtml(l.fallback(text.shown))}</p>`);
    }
    if (text.shown === null) {
      if (section.key !== 'notable_incidents' && section.key !== 'threat_levels') {
        body.push(`<p class="note">${escapeHtml(l.emptySection)}</p>`);
      }
    } else {
      const rendered = markdownToHtml(text.text);
      body.push(text.shown !== r.language ? `<div lang="${text.shown}">\n${rendered}</div>` : rendered);
    }
    if (section.key === 'notable_incidents') {
      body.push(incidentsHtml(r));
      incidentsShown = true;
    }
    if (section.key === 'threat_levels' && content.threatLevels.length > 0) {
      body.push(threatsHtml(r));
      threatsShown = true;
    }
    parts.push(`<section>\n${body.join('\n')}</section>`);
  }
  if (!incidentsShown) {
    parts.push(`<section>\n<h2>${escapeHtml(l.notableIncidents)}</h2>\n${incidentsHtml(r)}</section>`);
  }
  if (!threatsShown && content.threatLevels.length > 0) {
    parts.push(`<section>\n<h2>${escapeHtml(l.threatLevels)}</h2>\n${threatsHtml(r)}</section>`);
  }

  const { organisations, communities } = content.recipients;
  const recipients: string[] = [`<h2>${escapeHtml(l.recipients)}</h2>`];
  if (organisations.length === 0 && communities.length === 0) {
    recipients.push(`<p>${escapeHtml(l.noRecipients)}</p>`);
  }
  if (organisations.length > 0) {
    recipients.push(
      `<h3>${escapeHtml(l.recipientOrganisations)}</h3>\n<ul>\n${organisations
        .map((o) => {
          const name = pick(o.name, r.order).text;
          return `<li>${escapeHtml(name && name !== o.shortName ? `${o.shortName} – ${name}` : o.shortName)}</li>`;
        })
        .join('\n')}\n</ul>`,
    );
  }
  if (communities.length > 0) {
    recipients.push(
      `<h3>${escapeHtml(l.recipientCommunities)}</h3>\n<ul>\n${communities
        .map((c) => `<li>${escapeHtml(pick(c.name, r.order).text)}</li>`)
        .join('\n')}\n</ul>`,
    );
  }
  parts.push(`<section>\n${recipients.join('\n')}\n</section>`);

  return `<!doctype html>
<html lang="${r.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(HTML_EXPORT_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${tlpLabel(input.tlp)} ${r.title}`)}</title>
<style>${css(r)}</style>
</head>
<body>
<header>
${tlpLabelHtml(r)}
</header>
<main>
${parts.join('\n')}
</main>
<footer>
<p>${escapeHtml(`${l.version} ${input.number} · ${l.approved} ${r.approvedAt} (${l.helsinkiTime})`)}</p>
${tlpLabelHtml(r)}
</footer>
</body>
</html>
`;
};
