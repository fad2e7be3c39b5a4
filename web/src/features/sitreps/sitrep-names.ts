import { useCommunities } from '../../lib/communities.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { organisationLabel, sortOrganisations, useOrganisations } from '../../lib/organisations.js';

/** Names of organisations and communities from the directory, for lists and plain-word explanations. */
export const useDirectoryNames = () => {
  const locale = useLocale();
  const organisations = useOrganisations();
  const communities = useCommunities();
  const orgs = sortOrganisations(organisations.data?.items ?? []);
  return {
    organisations: orgs,
    communities: communities.data?.items ?? [],
    organisationShort: (id: string) => orgs.find((o) => o.id === id)?.shortName ?? id.slice(0, 8),
    organisationFull: (id: string) => {
      const org = orgs.find((o) => o.id === id);
      return org ? organisationLabel(org, locale) : id.slice(0, 8);
    },
    community: (id: string) => {
      const community = communities.data?.items.find((c) => c.id === id);
      return community ? localisedName(community.name, locale) : id.slice(0, 8);
    },
  };
};
