import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { startOfDayIso } from '../../lib/format.js';
import { useSignedInUser } from '../../lib/session.js';
import { auditApi, type AuditFilters } from './audit-api.js';
import { AuditFiltersForm, emptyAuditFilters, type AuditFilterValues } from './audit-filters.js';
import { AuditTable } from './audit-table.js';
import { AuditVerify } from './audit-verify.js';

const toQuery = (values: AuditFilterValues, timeZone: string): AuditFilters => ({
  action: values.action,
  actorUserId: values.actorUserId,
  from: values.fromDay ? startOfDayIso(values.fromDay, timeZone) : undefined,
  to: values.toDay ? startOfDayIso(values.toDay, timeZone, 1) : undefined,
});

export const AuditPage = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const [values, setValues] = useState<AuditFilterValues>(emptyAuditFilters);
  const filters = toQuery(values, me.timeZone);
  const audit = useInfiniteQuery({
    queryKey: ['audit', 'events', filters],
    queryFn: ({ pageParam, signal }) => auditApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const events = audit.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.lead')} />
      <AuditVerify />
      <AuditFiltersForm onApply={setValues} />
      <ErrorBanner error={audit.error} />
      {audit.isPending ? <Loading /> : null}
      {audit.data && events.length === 0 ? <EmptyState title={t('audit.none')} /> : null}
      {events.length > 0 ? <AuditTable events={events} /> : null}
      <p className="muted" role="status">
        {audit.data ? t('audit.shown', { count: events.length }) : ''}
      </p>
      {audit.hasNextPage ? (
        <div className="actions">
          <Button onPress={() => void audit.fetchNextPage()} isPending={audit.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
};
