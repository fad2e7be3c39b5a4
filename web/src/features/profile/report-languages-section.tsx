import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '../../../../shared/contracts/locales.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { useUpdateMe } from '../../lib/update-me.js';

/**
 * Every language in the order the server tries them: the saved ones first, then the rest in the usual
 * order (which is what the server falls back to after the saved ones), so the list shows what happens.
 */
export const fullOrder = (saved: readonly Locale[]): Locale[] => [
  ...new Set([...saved.filter((l) => locales.includes(l)), ...locales]),
];

export const move = (order: readonly Locale[], index: number, by: -1 | 1): Locale[] => {
  const target = index + by;
  if (target < 0 || target >= order.length) return [...order];
  const next = [...order];
  [next[index], next[target]] = [next[target] as Locale, next[index] as Locale];
  return next;
};

const capitalise = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

type Direction = 'up' | 'down';

/** The languages a user reads situation reports in when a report is missing their own, in order. */
export const ReportLanguagesSection = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const own = useLocale();
  const updateMe = useUpdateMe();
  // Null until reordered here, so a save elsewhere (or a refetch) shows through.
  const [chosen, setChosen] = useState<Locale[] | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusAfterMove, setFocusAfterMove] = useState<{ language: Locale; direction: Direction } | null>(
    null,
  );
  const listRef = useRef<HTMLOListElement>(null);
  const order = chosen ?? fullOrder(me.reportFallbackLanguages);
  const name = (language: Locale) => t(`profile.reportLanguages.language.${language}`);

  // Keep the keyboard on the moved language: on the same button, or the other one at either end.
  useEffect(() => {
    if (!focusAfterMove || !listRef.current) return;
    const { language, direction } = focusAfterMove;
    const other: Direction = direction === 'up' ? 'down' : 'up';
    const button = (d: Direction) =>
      listRef.current?.querySelector<HTMLButtonElement>(
        `button[data-move="${language}-${d}"]:not(:disabled)`,
      );
    (button(direction) ?? button(other))?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove]);

  const onMove = (index: number, direction: Direction) => {
    const language = order[index];
    if (!language) return;
    const next = move(order, index, direction === 'up' ? -1 : 1);
    setChosen(next);
    updateMe.reset();
    setAnnouncement(
      t('profile.reportLanguages.moved', { language: name(language), position: next.indexOf(language) + 1 }),
    );
    setFocusAfterMove({ language, direction });
  };

  return (
    <section className="section" aria-labelledby="report-languages-heading">
      <h2 id="report-languages-heading" className="section__title">
        {t('profile.reportLanguages.title')}
      </h2>
      <p className="section__lead" id="report-languages-lead">
        {t('profile.reportLanguages.lead')}
      </p>
      <form
        className="stack form-narrow"
        onSubmit={(event) => {
          event.preventDefault();
          updateMe.mutate({ reportFallbackLanguages: order }, { onSuccess: () => setChosen(null) });
        }}
      >
        {updateMe.isSuccess ? <Banner tone="success">{t('profile.reportLanguages.saved')}</Banner> : null}
        <ErrorBanner error={updateMe.error} />
        <ol
          ref={listRef}
          className="stack"
          style={{ gap: 'var(--space-2)', margin: 0, paddingLeft: '1.5rem' }}
          aria-label={t('profile.reportLanguages.listLabel')}
          aria-describedby="report-languages-lead"
        >
          {order.map((language, index) => (
            <li key={language}>
              <div className="actions" style={{ justifyContent: 'space-between' }}>
                <span>
                  <strong>{capitalise(name(language))}</strong>
                  {language === own ? (
                    <span className="small muted"> ({t('profile.reportLanguages.own')})</span>
                  ) : null}
                </span>
                <span className="actions">
                  {(['up', 'down'] as const).map((direction) => (
                    <Button
                      key={direction}
                      size="small"
                      data-move={`${language}-${direction}`}
                      isDisabled={direction === 'up' ? index === 0 : index === order.length - 1}
                      onPress={() => onMove(index, direction)}
                    >
                      {t(`profile.reportLanguages.${direction}`)}
                      <span className="visually-hidden">: {name(language)}</span>
                    </Button>
                  ))}
                </span>
              </div>
            </li>
          ))}
        </ol>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
        <div className="actions">
          <Button type="submit" variant="primary" isPending={updateMe.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </section>
  );
};
