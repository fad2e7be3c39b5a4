import type { Tlp } from '../../../../../shared/access/tlp.js';

export interface SharingNames {
  owner: string;
  organisations: string[];
  communities: string[];
  users: string[];
}

export interface SummaryLine {
  /** Translation key under incident-detail.sharing.who. */
  key: string;
  values: Record<string, string>;
  count?: number;
}

const list = (names: string[]) => names.join(', ');

/**
 * Who can see a record, in plain words, following the TLP 2.0 rules of shared/access/tlp.ts: green
 * reaches communities, amber organisations, red only the people named. The author always sees it.
 */
export const sharingSummary = (tlp: Tlp, names: SharingNames): SummaryLine[] => {
  const lines: SummaryLine[] = [];
  const organisations = () => {
    if (names.organisations.length > 0) {
      lines.push({
        key: 'organisations',
        values: { names: list(names.organisations) },
        count: names.organisations.length,
      });
    }
  };
  switch (tlp) {
    case 'clear':
      lines.push({ key: 'everyone', values: {} });
      return lines;
    case 'green':
      lines.push({ key: 'owner', values: { owner: names.owner } });
      organisations();
      if (names.communities.length > 0) {
        lines.push({
          key: 'communities',
          values: { names: list(names.communities) },
          count: names.communities.length,
        });
      }
      break;
    case 'amber':
    case 'amber+strict':
      lines.push({ key: 'owner', values: { owner: names.owner } });
      organisations();
      if (names.communities.length > 0) {
        lines.push({ key: 'communitiesIgnored', values: {}, count: names.communities.length });
      }
      break;
    case 'red':
      lines.push({
        key: names.users.length > 0 ? 'people' : 'nobodyNamed',
        values: { names: list(names.users) },
        count: names.users.length,
      });
      break;
  }
  lines.push({ key: 'author', values: {} });
  return lines;
};
