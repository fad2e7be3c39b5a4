import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localisedName } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { useOrganisations } from '../../../lib/organisations.js';
import { useCommunities, usePeople } from './detail-api.js';

/** Names for the ids an incident carries; an id nobody can name stays readable as "unknown". */
export const useNames = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const organisations = useOrganisations();
  const communities = useCommunities();
  const people = usePeople('');
  return useMemo(() => {
    const orgById = new Map((organisations.data?.items ?? []).map((org) => [org.id, org]));
    const communityById = new Map((communities.data?.items ?? []).map((c) => [c.id, c]));
    const personById = new Map((people.data?.items ?? []).map((p) => [p.id, p]));
    const organisation = (id: string) =>
      orgById.get(id)?.shortName ?? t('incident-detail.names.unknownOrganisation');
    const organisationFull = (id: string) => {
      const org = orgById.get(id);
      return org ? `${org.shortName} – ${localisedName(org.name, locale)}` : organisation(id);
    };
    const community = (id: string) => {
      const found = communityById.get(id);
      return found ? localisedName(found.name, locale) : t('incident-detail.names.unknownCommunity');
    };
    const person = (id: string) => personById.get(id)?.name ?? t('incident-detail.names.unknownPerson');
    const actor = (userId: string | null, organisationId: string | null) => {
      if (!userId && !organisationId) return t('incident-detail.names.system');
      const name = userId ? personById.get(userId)?.name : undefined;
      const org = organisationId ? organisation(organisationId) : null;
      if (name && org) return t('incident-detail.names.personOf', { name, organisation: org });
      if (name) return name;
      return t('incident-detail.names.someoneOf', { organisation: org ?? organisation('') });
    };
    return {
      organisation,
      organisationFull,
      community,
      person,
      actor,
      organisations: organisations.data?.items ?? [],
      communities: communities.data?.items ?? [],
      people: people.data?.items ?? [],
    };
  }, [organisations.data, communities.data, people.data, t, locale]);
};
export type Names = ReturnType<typeof useNames>;
