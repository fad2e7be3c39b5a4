import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/i18n.js';
import { formatDay, keyPhases, usePhaseWords } from './phase-words.js';
import type { Situation } from './situation-api.js';

/**
 * The election calendar as a bar of its key phases in time order, today marked: past phases pale,
 * current ones emphasised, a "today" marker between phases when none is under way. It is a list,
 * so it reads in order without a separate table.
 */
export const PhaseBar = ({ election }: { election: Situation['election'] }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const words = usePhaseWords();
  const status = election.phaseStatus;
  const today = status.today;
  const current = new Set(status.current.map((phase) => phase.key));
  const phases = election.phases.filter((phase) => keyPhases.includes(phase.key) || current.has(phase.key));
  const todayBefore =
    status.current.length === 0 ? (phases.find((phase) => phase.startsOn > today)?.key ?? null) : null;
  const marker = (
    <li className="phase-bar__today" aria-current="date">
      {t('situation.phase.todayMarker', { date: formatDay(today, locale) })}
    </li>
  );
  return (
    <section className="situation-phases" aria-labelledby="phases-heading">
      <h2 id="phases-heading" className="visually-hidden">
        {t('situation.phase.title')}
      </h2>
      <p className="situation-phases__words" data-testid="phase-words">
        {words(election, status)}
      </p>
      <ol className="phase-bar">
        {phases.map((phase) => {
          const state = current.has(phase.key) ? 'current' : phase.endsOn < today ? 'past' : 'future';
          const days =
            phase.startsOn === phase.endsOn
              ? formatDay(phase.startsOn, locale)
              : `${formatDay(phase.startsOn, locale)} – ${formatDay(phase.endsOn, locale)}`;
          return (
            <Fragment key={phase.key}>
              {todayBefore === phase.key ? marker : null}
              <li
                className={`phase-bar__phase phase-bar__phase--${state}`}
                aria-current={state === 'current' ? 'step' : undefined}
              >
                <span className="phase-bar__label">{phase.label[locale]}</span>
                <span className="phase-bar__days">{days}</span>
                {state === 'current' ? (
                  <span className="phase-bar__now">{t('situation.phase.now')}</span>
                ) : (
                  <span className="visually-hidden">{t(`situation.phase.${state}`)}</span>
                )}
              </li>
            </Fragment>
          );
        })}
        {status.stage === 'after' ? marker : null}
      </ol>
    </section>
  );
};
