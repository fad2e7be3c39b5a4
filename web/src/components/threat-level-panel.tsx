import { useId, useState } from 'react';
import { Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { can } from '../../../shared/access/roles.js';
import type { IncidentDomain } from '../../../shared/contracts/incident-enums.js';
import {
  MIN_RATIONALE_LENGTH,
  threatDomainNames,
  threatLevelColours,
  threatLevelNames,
  threatLevels,
  type ThreatLevel,
} from '../../../shared/threat-levels.js';
import { formatDateTime } from '../lib/format.js';
import { useLocale } from '../lib/i18n.js';
import { useSignedInUser } from '../lib/session.js';
import {
  threatLevelsApi,
  useThreatLevelHistory,
  useThreatLevelMutation,
  useThreatLevels,
  usePendingProposals,
  type ThreatLevelEntry,
  type ThreatLevelProposal,
} from '../lib/threat-levels.js';
import { Button } from './button.js';
import { DataTable } from './data-table.js';
import { ModalDialog } from './dialog.js';
import { ErrorBanner } from './error-banner.js';
import { FieldError } from './field-error.js';
import { Loading } from './loading.js';
import { Markdown } from './markdown.js';
import { TextField } from './text-field.js';
import './threat-level-panel.css';

const useDomainName = () => {
  const locale = useLocale();
  return (domain: IncidentDomain) => threatDomainNames[domain][locale];
};

/** The level as number, name and colour together: colour alone never carries it. */
export const ThreatLevelBadge = ({ level }: { level: number | null }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  if (level === null)
    return (
      <span className="threat-level-badge threat-level-badge--none">
        {t('threat-levels.panel.noAssessment')}
      </span>
    );
  const colour = threatLevelColours[level as ThreatLevel];
  return (
    <span className="threat-level-badge" style={{ background: colour.background, color: colour.text }}>
      <span className="threat-level-badge__number" aria-hidden="true">
        {level}
      </span>
      <span>
        {t('threat-levels.panel.level', { level, name: threatLevelNames[level as ThreatLevel][locale] })}
      </span>
    </span>
  );
};

const arrows = { up: '↑', down: '↓', steady: '→' } as const;

export const ThreatTrend = ({ entry }: { entry: Pick<ThreatLevelEntry, 'trend' | 'previousLevel'> }) => {
  const { t } = useTranslation();
  if (entry.trend === null) return <span className="threat-trend">{t('threat-levels.trend.first')}</span>;
  return (
    <span className="threat-trend">
      <span className="threat-trend__arrow" aria-hidden="true">
        {arrows[entry.trend]}
      </span>
      {t(`threat-levels.trend.${entry.trend}`, { previous: entry.previousLevel })}
    </span>
  );
};

const LevelForm = ({
  electionId,
  domain,
  mode,
  initial,
  onClose,
}: {
  electionId: string;
  domain: IncidentDomain;
  mode: 'set' | 'propose';
  initial: number | null;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const [level, setLevel] = useState<string | null>(initial === null ? null : String(initial));
  const [rationale, setRationale] = useState('');
  const [tried, setTried] = useState(false);
  const save = useThreatLevelMutation(
    electionId,
    (body: { domain: IncidentDomain; level: number; rationale: string }): Promise<unknown> =>
      mode === 'set' ? threatLevelsApi.set(electionId, body) : threatLevelsApi.propose(electionId, body),
  );
  const tooShort = rationale.trim().length < MIN_RATIONALE_LENGTH;
  return (
    <Form
      className="stack"
      validationErrors={tried && tooShort ? { rationale: t('threat-levels.dialog.rationaleTooShort') } : {}}
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (level === null || tooShort) return;
        save.mutate({ domain, level: Number(level), rationale: rationale.trim() }, { onSuccess: onClose });
      }}
    >
      <ErrorBanner error={save.error} />
      <RadioGroup className="threat-levels-choice" name="level" isRequired value={level} onChange={setLevel}>
        <Label className="field__label">{t('threat-levels.dialog.level')}</Label>
        <div className="threat-levels-choice__items">
          {threatLevels.map((value) => (
            <Radio key={value} value={String(value)} className="threat-radio">
              <span className="threat-radio__circle" aria-hidden="true" />
              <span>
                {t('threat-levels.panel.level', { level: value, name: threatLevelNames[value][locale] })}
              </span>
            </Radio>
          ))}
        </div>
        <FieldError />
      </RadioGroup>
      <TextField
        label={t('threat-levels.dialog.rationale')}
        description={t('threat-levels.dialog.rationaleHint')}
        name="rationale"
        multiline
        rows={6}
        size="wide"
        isRequired
        minLength={MIN_RATIONALE_LENGTH}
        value={rationale}
        onChange={setRationale}
      />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {mode === 'set' ? t('threat-levels.dialog.submitSet') : t('threat-levels.dialog.submitPropose')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

const HistoryTable = ({ electionId, domain }: { electionId: string; domain: IncidentDomain }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const history = useThreatLevelHistory(electionId, domain);
  if (history.isPending) return <Loading />;
  const rows = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="stack">
      <ErrorBanner error={history.error} />
      {history.data && rows.length === 0 ? <p>{t('threat-levels.history.empty')}</p> : null}
      {rows.length > 0 ? (
        <DataTable<ThreatLevelEntry>
          caption={t('threat-levels.history.caption')}
          rows={rows}
          rowKey={(row) => String(row.id)}
          columns={[
            {
              key: 'time',
              header: t('threat-levels.history.time'),
              isRowHeader: true,
              cell: (row) => formatDateTime(row.setAt, locale, me.timeZone),
            },
            {
              key: 'level',
              header: t('threat-levels.history.level'),
              cell: (row) => <ThreatLevelBadge level={row.level} />,
            },
            {
              key: 'trend',
              header: t('threat-levels.history.change'),
              cell: (row) => <ThreatTrend entry={row} />,
            },
            {
              key: 'by',
              header: t('threat-levels.history.setBy'),
              cell: (row) => (
                <>
                  {row.setBy.name} ({row.setBy.organisationShortName})
                  {row.proposalId ? (
                    <>
                      <br />
                      <span className="muted">{t('threat-levels.history.fromProposal')}</span>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              key: 'rationale',
              header: t('threat-levels.history.rationale'),
              className: 'cell--wrap',
              cell: (row) => <Markdown>{row.rationale}</Markdown>,
            },
          ]}
        />
      ) : null}
      {history.hasNextPage ? (
        <div className="actions">
          <Button onPress={() => void history.fetchNextPage()} isPending={history.isFetchingNextPage}>
            {t('threat-levels.history.more')}
          </Button>
        </div>
      ) : null}
    </div>
  );
};

const DecisionForm = ({
  electionId,
  proposal,
  accept,
  onClose,
}: {
  electionId: string;
  proposal: ThreatLevelProposal;
  accept: boolean;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const domainName = useDomainName();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const decide = useThreatLevelMutation(electionId, (body: { accept: boolean; reason?: string }) =>
    threatLevelsApi.decide(proposal.id, body),
  );
  const missing = !accept && reason.trim() === '';
  return (
    <Form
      className="stack"
      validationErrors={tried && missing ? { reason: t('threat-levels.decide.reasonRequired') } : {}}
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (missing) return;
        decide.mutate(
          { accept, ...(reason.trim() ? { reason: reason.trim() } : {}) },
          { onSuccess: onClose },
        );
      }}
    >
      <ErrorBanner error={decide.error} />
      <p>
        {t(accept ? 'threat-levels.decide.acceptLead' : 'threat-levels.decide.rejectLead', {
          domain: domainName(proposal.domain),
          level: proposal.level,
          name: proposal.name[locale],
        })}
      </p>
      <TextField
        label={accept ? t('threat-levels.decide.reasonOptional') : t('threat-levels.decide.reason')}
        description={t('threat-levels.decide.reasonHint')}
        name="reason"
        multiline
        rows={3}
        size="wide"
        isRequired={!accept}
        value={reason}
        onChange={setReason}
        autoFocus
      />
      <div className="actions">
        <Button type="submit" variant={accept ? 'primary' : 'danger'} isPending={decide.isPending}>
          {accept ? t('threat-levels.decide.accept') : t('threat-levels.decide.reject')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

type Open =
  | { kind: 'set' | 'propose' | 'history'; domain: IncidentDomain; current: number | null }
  | { kind: 'accept' | 'reject'; proposal: ThreatLevelProposal }
  | null;

const PendingProposals = ({
  proposals,
  onDecide,
  Heading,
}: {
  proposals: readonly ThreatLevelProposal[];
  Heading: 'h3' | 'h4';
  onDecide: (kind: 'accept' | 'reject', proposal: ThreatLevelProposal) => void;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const domainName = useDomainName();
  const titleId = useId();
  return (
    <section className="stack" aria-labelledby={titleId}>
      <Heading id={titleId} className="threat-card__domain">
        {t('threat-levels.proposals.title')}
      </Heading>
      <ul className="threat-proposals">
        {proposals.map((proposal) => {
          const what = t('threat-levels.proposals.what', {
            domain: domainName(proposal.domain),
            level: proposal.level,
            name: proposal.name[locale],
          });
          return (
            <li key={proposal.id} className="threat-proposal">
              <p>
                <strong>{what}</strong>
              </p>
              <Markdown className="threat-card__rationale">{proposal.rationale}</Markdown>
              <p className="muted">
                {t('threat-levels.proposals.by', {
                  name: proposal.proposedBy.name,
                  organisation: proposal.proposedBy.organisationShortName,
                  time: formatDateTime(proposal.proposedAt, locale, me.timeZone),
                })}
              </p>
              <div className="actions">
                <Button
                  size="small"
                  variant="primary"
                  onPress={() => onDecide('accept', proposal)}
                  aria-label={t('threat-levels.proposals.acceptNamed', { what })}
                >
                  {t('threat-levels.decide.accept')}
                </Button>
                <Button
                  size="small"
                  onPress={() => onDecide('reject', proposal)}
                  aria-label={t('threat-levels.proposals.rejectNamed', { what })}
                >
                  {t('threat-levels.decide.reject')}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
};

/**
 * The threat level of each domain of an election, with trend, rationale, who set it and when;
 * coordinators set levels and decide proposals here, analysts propose. `electionId` is the
 * election's uuid (the live stream refreshes the panel by it). Updates live through lib/live.ts.
 */
export const ThreatLevelPanel = ({
  electionId,
  headingLevel = 2,
}: {
  electionId: string;
  headingLevel?: 2 | 3;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const domainName = useDomainName();
  const mayDecide = can(me, 'threat_level.set');
  const mayPropose = !mayDecide && can(me, 'content.edit');
  const levels = useThreatLevels(electionId);
  const pending = usePendingProposals(electionId, mayDecide);
  const [open, setOpen] = useState<Open>(null);
  const titleId = useId();
  const close = () => setOpen(null);
  const Heading = `h${headingLevel}` as const;
  const DomainHeading = `h${headingLevel + 1}` as 'h3' | 'h4';

  const dialogTitle = (() => {
    if (!open) return '';
    if ('proposal' in open) return t(`threat-levels.decide.${open.kind}Title`);
    return t(`threat-levels.dialog.${open.kind}Title`, { domain: domainName(open.domain) });
  })();

  return (
    <section className="threat-panel" aria-labelledby={titleId}>
      <Heading id={titleId} className="threat-panel__title">
        {t('threat-levels.panel.title')}
      </Heading>
      <p className="muted">{t('threat-levels.panel.lead')}</p>
      {levels.isPending ? <Loading /> : null}
      <ErrorBanner error={levels.error} />
      {levels.data ? (
        <ul className="threat-panel__domains">
          {levels.data.items.map(({ domain, current, pendingProposals }) => {
            const name = domainName(domain);
            return (
              <li key={domain} className="threat-card">
                <DomainHeading className="threat-card__domain">{name}</DomainHeading>
                <ThreatLevelBadge level={current?.level ?? null} />
                {current ? (
                  <>
                    <p>
                      <ThreatTrend entry={current} />
                    </p>
                    <Markdown className="threat-card__rationale">{current.rationale}</Markdown>
                    <p className="muted">
                      {t('threat-levels.panel.setBy', {
                        name: current.setBy.name,
                        organisation: current.setBy.organisationShortName,
                        time: formatDateTime(current.setAt, locale, me.timeZone),
                      })}
                    </p>
                  </>
                ) : null}
                {mayDecide && pendingProposals > 0 ? (
                  <p>{t('threat-levels.panel.pending', { count: pendingProposals })}</p>
                ) : null}
                <div className="actions">
                  <Button
                    size="small"
                    onPress={() => setOpen({ kind: 'history', domain, current: current?.level ?? null })}
                    aria-label={t('threat-levels.panel.historyNamed', { domain: name })}
                  >
                    {t('threat-levels.panel.history')}
                  </Button>
                  {mayDecide ? (
                    <Button
                      size="small"
                      variant="primary"
                      onPress={() => setOpen({ kind: 'set', domain, current: current?.level ?? null })}
                      aria-label={t('threat-levels.panel.setNamed', { domain: name })}
                    >
                      {t('threat-levels.panel.set')}
                    </Button>
                  ) : null}
                  {mayPropose ? (
                    <Button
                      size="small"
                      onPress={() => setOpen({ kind: 'propose', domain, current: current?.level ?? null })}
                      aria-label={t('threat-levels.panel.proposeNamed', { domain: name })}
                    >
                      {t('threat-levels.panel.propose')}
                    </Button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {mayDecide && pending.data && pending.data.items.length > 0 ? (
        <PendingProposals
          proposals={pending.data.items}
          Heading={DomainHeading}
          onDecide={(kind, proposal) => setOpen({ kind, proposal })}
        />
      ) : null}
      <ModalDialog
        title={dialogTitle}
        isOpen={open !== null}
        onClose={close}
        size={open?.kind === 'history' ? 'wide' : 'normal'}
      >
        {open?.kind === 'history' ? <HistoryTable electionId={electionId} domain={open.domain} /> : null}
        {open?.kind === 'set' || open?.kind === 'propose' ? (
          <LevelForm
            key={`${open.kind}-${open.domain}`}
            electionId={electionId}
            domain={open.domain}
            mode={open.kind}
            initial={open.current}
            onClose={close}
          />
        ) : null}
        {open?.kind === 'accept' || open?.kind === 'reject' ? (
          <DecisionForm
            key={`${open.kind}-${open.proposal.id}`}
            electionId={electionId}
            proposal={open.proposal}
            accept={open.kind === 'accept'}
            onClose={close}
          />
        ) : null}
      </ModalDialog>
    </section>
  );
};
