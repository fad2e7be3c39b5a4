import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';

export const placeholderAreas = ['exchange'] as const;
export type PlaceholderArea = (typeof placeholderAreas)[number];

export const PlaceholderPage = ({ area }: { area: PlaceholderArea }) => {
  const { t } = useTranslation();
  const items = t(`placeholders.${area}.items`, { returnObjects: true }) as unknown;
  return (
    <>
      <PageHeader title={t(`nav.${area}`)} description={t(`placeholders.${area}.purpose`)} />
      <EmptyState title={t('placeholders.beingBuilt')}>
        <p>{t('placeholders.willHold')}</p>
        {Array.isArray(items) ? (
          <ul className="bullet-list">
            {items.map((item) => (
              <li key={String(item)}>{String(item)}</li>
            ))}
          </ul>
        ) : null}
        <p className="muted">{t('placeholders.noFakeData')}</p>
      </EmptyState>
    </>
  );
};
