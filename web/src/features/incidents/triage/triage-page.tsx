import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can } from '../../../../../shared/access/roles.js';
import type { Incident } from '../../../../../shared/contracts/incidents.js';
import { Button } from '../../../components/button.js';
import { EmptyState } from '../../../components/empty-state.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { Loading } from '../../../components/loading.js';
import { PageHeader } from '../../../components/page-header.js';
import { SelectField } from '../../../components/select-field.js';
import { startOfDayIso } from '../../../lib/format.js';
import { useOrganisations } from '../../../lib/organisations.js';
import { useSignedInUser } from '../../../lib/session.js';
import { incidentKeys, useIncidentList, useSavedFilters, type IncidentList } from '../incidents-api.js';
import { BulkDialog, type BulkKind } from './bulk-dialog.js';
import { ShortcutHelp } from './shortcut-help.js';
import {
  actionTargets,
  keepSelection,
  mergeSources,
  moveFocus,
  shortcutFor,
  type ShortcutAction,
} from './shortcuts.js';
import { triageFilters } from './triage-filters.js';
import type { BulkResult } from './triage-api.js';
import { TriageTable } from './triage-table.js';
import './triage.css';

const PAGE_SIZE = 100;
const ALL = 'all';

const bulkKinds: readonly BulkKind[] = [
  'set_status',
  'set_severity',
  'add_domain',
  'assign_lead',
  'share',
  'merge_into',
];

const shortcutKinds: Partial<Record<ShortcutAction, BulkKind>> = {
  setStatus: 'set_status',
  setSeverity: 'set_severity',
  assignLead: 'assign_lead',
  mergeIntoFocused: 'merge_into',
};

const TriageInbox = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const organisations = useOrganisations();
  const saved = useSavedFilters();
  const [savedId, setSavedId] = useState(ALL);
  const savedQuery = saved.data?.items.find((item) => item.id === savedId)?.query ?? null;
  const filters = useMemo(
    () => triageFilters(savedQuery, (day, add) => startOfDayIso(day, me.timeZone, add)),
    [savedQuery, me.timeZone],
  );
  const list = useIncidentList(filters, { limit: PAGE_SIZE });
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const rowsById = useMemo(() => new Map(rows.map((row) => [row.id, row])), [rows]);

  const [chosen, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focusedOn, setFocusedId] = useState<string | null>(null);
  // Rows that left the inbox (triaged here or by someone else) leave the selection and the focus too.
  const selected = useMemo(() => new Set([...chosen].filter((id) => rowsById.has(id))), [chosen, rowsById]);
  const focusedId = focusedOn && rowsById.has(focusedOn) ? focusedOn : null;
  const [dialog, setDialog] = useState<BulkKind | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const linkRefs = useRef(new Map<string, HTMLAnchorElement>());

  const orgShortName = useMemo(() => {
    const byId = new Map((organisations.data?.items ?? []).map((org) => [org.id, org.shortName]));
    return (id: string) => byId.get(id) ?? '–';
  }, [organisations.data]);

  const toggle = useCallback(
    (id: string) =>
      setSelected((previous) => {
        const next = new Set(previous);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const toggleAll = useCallback(
    (select: boolean) => setSelected(select ? new Set(rows.map((row) => row.id)) : new Set()),
    [rows],
  );

  const focusRow = (index: number) => {
    const row = rows[index];
    if (!row) return;
    setFocusedId(row.id);
    const link = linkRefs.current.get(row.id);
    link?.focus();
    link?.scrollIntoView({ block: 'nearest' });
  };

  const targets: Incident[] =
    dialog === 'merge_into'
      ? mergeSources(selected, focusedId).flatMap((id) => rowsById.get(id) ?? [])
      : actionTargets(selected, focusedId).flatMap((id) => rowsById.get(id) ?? []);
  const survivor = focusedId ? (rowsById.get(focusedId) ?? null) : null;
  const canMerge = survivor !== null && mergeSources(selected, focusedId).length > 0;

  const openAction = (kind: BulkKind) => {
    if (kind === 'merge_into' && !canMerge) {
      setAnnouncement(t('triage.announce.mergeNeeds'));
      return;
    }
    if (kind !== 'merge_into' && actionTargets(selected, focusedId).length === 0) {
      setAnnouncement(t('triage.announce.nothingChosen'));
      return;
    }
    setDialog(kind);
  };

  const handleShortcut = useEffectEvent((action: ShortcutAction) => {
    const index = focusedId ? rows.findIndex((row) => row.id === focusedId) : -1;
    switch (action) {
      case 'next':
        focusRow(moveFocus(index, 1, rows.length));
        return;
      case 'previous':
        focusRow(moveFocus(index, -1, rows.length));
        return;
      case 'toggleSelect':
        if (focusedId) toggle(focusedId);
        return;
      case 'open':
        if (focusedId) void navigate(`/incidents/${encodeURIComponent(focusedId)}`);
        return;
      case 'help':
        setHelpOpen(true);
        return;
      default: {
        const kind = shortcutKinds[action];
        if (kind) openAction(kind);
      }
    }
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: event.target instanceof Element ? (event.target as HTMLElement) : null,
      });
      if (!action) return;
      event.preventDefault();
      handleShortcut(action);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const onDone = (result: BulkResult, kind: BulkKind) => {
    setDialog(null);
    // The bulk action has refetched the inbox by now: what is still in it stays selected, so that
    // several actions can be applied to the same reports one after another.
    const inbox = queryClient.getQueryData<InfiniteData<IncidentList>>(incidentKeys.list(filters));
    const inboxIds = new Set(inbox?.pages.flatMap((page) => page.items.map((item) => item.id)) ?? []);
    setSelected((previous) => keepSelection(previous, inboxIds));
    setAnnouncement(t(`triage.announce.${kind}`, { count: result.updated }));
  };

  const savedOptions = [
    { id: ALL, label: t('triage.filters.all') },
    ...(saved.data?.items ?? []).map((item) => ({ id: item.id, label: item.name })),
  ];

  return (
    <>
      <PageHeader
        title={t('triage.title')}
        description={t('triage.description')}
        actions={
          <Button onPress={() => setHelpOpen(true)} aria-keyshortcuts="?">
            {t('triage.shortcuts.button')}
          </Button>
        }
      />
      <p id="triage-shortcuts-hint" className="muted small">
        {t('triage.shortcuts.hint')}
      </p>
      <div className="triage-toolbar">
        <SelectField
          label={t('triage.filters.saved')}
          options={savedOptions}
          value={savedId}
          onChange={setSavedId}
        />
        <div className="triage-toolbar__selection">
          <p className="triage-toolbar__count" aria-live="polite">
            {t('triage.selection.count', { count: selected.size })}
          </p>
          <div className="actions" role="group" aria-label={t('triage.selection.actions')}>
            {bulkKinds.map((kind) => (
              <Button
                key={kind}
                size="small"
                onPress={() => openAction(kind)}
                isDisabled={kind === 'merge_into' ? !canMerge : selected.size === 0 && !focusedId}
              >
                {t(`triage.actions.${kind}`)}
              </Button>
            ))}
            {selected.size > 0 ? (
              <Button size="small" variant="quiet" onPress={() => setSelected(new Set())}>
                {t('triage.selection.clear')}
              </Button>
            ) : null}
          </div>
        </div>
      </div>
      <p role="status" className={announcement ? 'triage-announcement' : 'visually-hidden'}>
        {announcement}
      </p>
      <ErrorBanner error={list.error ?? saved.error} />
      {list.isPending ? <Loading /> : null}
      {list.isSuccess && rows.length === 0 ? (
        <EmptyState title={t('triage.empty.title')}>
          <p>{t('triage.empty.body')}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <TriageTable
          rows={rows}
          selected={selected}
          focusedId={focusedId}
          organisationName={orgShortName}
          onToggle={toggle}
          onToggleAll={toggleAll}
          onFocusRow={setFocusedId}
          linkRefs={linkRefs}
        />
      ) : null}
      {list.hasNextPage ? (
        <div className="actions">
          <Button onPress={() => void list.fetchNextPage()} isPending={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      <BulkDialog
        kind={dialog}
        targets={targets}
        survivor={survivor}
        onClose={() => setDialog(null)}
        onDone={onDone}
      />
      <ShortcutHelp isOpen={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
};

const NotForRole = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('triage.title')} />
      <p>{t('triage.notForRole')}</p>
    </>
  );
};

/** The analysts' and coordinators' inbox of new reports. */
export const TriagePage = () => {
  const me = useSignedInUser();
  return can(me, 'content.edit') ? <TriageInbox /> : <NotForRole />;
};
