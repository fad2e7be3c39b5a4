import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { nearestElections, phaseStatus } from '../../../../shared/elections/current-phase.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { electionsApi, electionsQueryKey } from './elections-api.js';
import { useElectionWords } from './election-words.js';
import './elections.css';

/**
 * One line under the header on every page: where the nearest election stands today, in words.
 * Silent while loading or when it fails: the page itself is what the user came for.
 */
export const CurrentElection = ({ linked }: { linked: boolean }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const words = useElectionWords();
  const { data } = useQuery({
    queryKey: electionsQueryKey,
    queryFn: electionsApi.list,
    staleTime: 5 * 60_000,
  });
  if (!data) return null;
  const now = new Date();
  const nearest = nearestElections(data.items, now);
  if (nearest.length === 0) return null;
  return (
    <section className="current-election" aria-label={t('elections.banner.label')}>
      {nearest.map((election) => {
        const name = localisedName(election.name, locale);
        const sentences = words.status(election, phaseStatus(election.phases, now, election.electionDay), 2);
        return (
          <p key={election.id} className="current-election__item">
            {linked ? (
              <Link className="current-election__name" to={`/elections/${election.slug}`}>
                {name}
              </Link>
            ) : (
              <strong className="current-election__name">{name}</strong>
            )}
            <span className="current-election__words">{sentences.join(' · ')}</span>
          </p>
        );
      })}
    </section>
  );
};
