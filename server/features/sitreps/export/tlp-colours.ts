import type { Tlp } from '../../../../shared/access/tlp.js';

/**
 * The TLP 2.0 label as FIRST prescribes it: the label in capitals, coloured, on a black
 * background (https://www.first.org/tlp/: RGB colours for the label text, background #000000).
 */
export const TLP_BACKGROUND = '#000000';

export const tlpTextColours: Record<Tlp, string> = {
  red: '#FF2B2B',
  amber: '#FFC000',
  'amber+strict': '#FFC000',
  green: '#33FF00',
  clear: '#FFFFFF',
};

/** TLP:RED, TLP:AMBER+STRICT, TLP:CLEAR … */
export const tlpLabel = (tlp: Tlp): string => `TLP:${tlp.toUpperCase()}`;
