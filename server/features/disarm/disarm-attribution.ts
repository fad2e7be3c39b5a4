/** CC BY-SA 4.0 asks for this wherever DISARM content is passed on (reference-data/disarm/PROVENANCE.md). */
export const disarmAttribution = {
  text: 'DISARM Foundation, DISARM Framework (Red Framework v1.6), CC BY-SA 4.0',
  licence: 'CC BY-SA 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
  sourceUrl: 'https://github.com/DISARMFoundation/DISARMframeworks',
} as const;
