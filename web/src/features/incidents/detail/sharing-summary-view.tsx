import { useTranslation } from 'react-i18next';
import type { Shareable } from '../../../../../shared/access/tlp.js';
import { useSignedInUser } from '../../../lib/session.js';
import { sharingSummary } from './sharing-summary.js';
import type { Names } from './use-names.js';

/** Who can see the record, in plain words. */
export const SharingSummary = ({ incident, names }: { incident: Shareable; names: Names }) => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const lines = sharingSummary(incident.tlp, {
    owner: names.organisationFull(incident.ownerOrganisationId),
    organisations: incident.sharedWith.organisations.map(names.organisation),
    communities: incident.sharedWith.communities.map(names.community),
    users: incident.sharedWith.users.map((id) =>
      id === me.id ? t('incident-detail.sharing.you') : names.person(id),
    ),
  });
  return (
    <ul className="sharing-summary">
      {lines.map((line) => (
        <li key={line.key}>
          {t(`incident-detail.sharing.who.${line.key}`, { ...line.values, count: line.count })}
        </li>
      ))}
    </ul>
  );
};
