import type { IncidentDomain } from '../../../../shared/contracts/incident-enums.js';

export type Tone = 'light' | 'dark';

/**
 * Colours of the charts on the page (light) and on the wall screen (dark, high contrast). The domain
 * colours stay apart for the common kinds of colour blindness; the map scale runs from pale to deep
 * so that more incidents always look darker (lighter on the wall), whatever the hue.
 */
export const palettes = {
  light: {
    text: '#1b1f24',
    muted: '#4f5763',
    grid: '#c9cfd7',
    border: '#8a939f',
    empty: '#f3f4f6',
    scale: ['#e3ecf8', '#9fbde3', '#4f83c2', '#1d4f91', '#0c2a55'],
    selected: '#a4161a',
    band: ['rgba(29, 79, 145, 0.07)', 'rgba(29, 79, 145, 0.14)'],
    tooltip: { background: '#ffffff', text: '#1b1f24' },
  },
  dark: {
    text: '#ffffff',
    muted: '#d5dbe3',
    grid: '#5a6470',
    border: '#0b0f14',
    empty: '#26303b',
    scale: ['#2c3a4a', '#35618f', '#4f8fd6', '#8fc1ff', '#e6f1ff'],
    selected: '#ffd23f',
    band: ['rgba(143, 193, 255, 0.10)', 'rgba(143, 193, 255, 0.20)'],
    tooltip: { background: '#0b0f14', text: '#ffffff' },
  },
} as const;

export const domainColours: Record<Tone, Record<IncidentDomain, string>> = {
  light: {
    information_influence: '#7b3fa0',
    cyber: '#1d4f91',
    physical: '#b5541b',
    process: '#2f7d4f',
  },
  dark: {
    information_influence: '#d7a6f2',
    cyber: '#8fc1ff',
    physical: '#ffb37a',
    process: '#8be0a8',
  },
};

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** ECharts writes tooltips as HTML: text from data goes in escaped. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
