import type { Tlp } from '../../../shared/access/tlp.js';
import './tlp-badge.css';

/** TLP 2.0 labels are written in capitals with the prefix in every language (FIRST's standard). */
export const tlpText = (tlp: Tlp) => `TLP:${tlp.toUpperCase()}`;

/**
 * The TLP 2.0 label in FIRST's colours, always on black, so it reads the same on screen and in
 * print. The text carries the meaning; the colour only repeats it. `large` for a page's own marking.
 */
export const TlpBadge = ({ tlp, large = false }: { tlp: Tlp; large?: boolean }) => (
  <span className={`tlp-badge tlp-badge--${tlp.replace('+', '-')}${large ? ' tlp-badge--large' : ''}`}>
    {tlpText(tlp)}
  </span>
);
