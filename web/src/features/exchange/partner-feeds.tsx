import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_FEED_INTERVAL_MINUTES,
  feedKinds,
  MAX_FEED_INTERVAL_MINUTES,
  MIN_FEED_INTERVAL_MINUTES,
  type FeedKind,
} from '../../../../shared/contracts/exchange-feeds.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { Checkbox } from '../../components/checkbox.js';
import { ConfirmDialog, ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { SelectField } from '../../components/select-field.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import {
  exchangeApi,
  useExchangeMutation,
  usePartnerFeeds,
  type FeedPollOutcome,
  type Partner,
  type PartnerFeed,
} from './exchange-api.js';
import { useExchangeWords } from './exchange-words.js';

interface FeedValues {
  kind: FeedKind;
  title: string;
  url: string;
  token: string;
  removeToken: boolean;
  intervalMinutes: string;
  enabled: boolean;
}

const FeedForm = ({
  partner,
  feed,
  onClose,
}: {
  partner: Partner;
  feed: PartnerFeed | null;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const [values, setValues] = useState<FeedValues>({
    kind: feed?.kind ?? 'taxii',
    title: feed?.title ?? '',
    url: feed?.url ?? '',
    token: '',
    removeToken: false,
    intervalMinutes: String(feed?.intervalMinutes ?? DEFAULT_FEED_INTERVAL_MINUTES),
    enabled: feed?.enabled ?? true,
  });
  const set = <K extends keyof FeedValues>(key: K, value: FeedValues[K]) =>
    setValues({ ...values, [key]: value });
  const save = useExchangeMutation((v: FeedValues) => {
    const common = {
      title: v.title.trim(),
      url: v.url.trim(),
      intervalMinutes: Number(v.intervalMinutes),
      enabled: v.enabled,
    };
    if (!feed) {
      return exchangeApi.createFeed(partner.id, {
        kind: v.kind,
        ...common,
        ...(v.token.trim() ? { token: v.token.trim() } : {}),
      });
    }
    return exchangeApi.updateFeed(partner.id, feed.id, {
      ...common,
      ...(v.token.trim() ? { token: v.token.trim() } : v.removeToken ? { token: null } : {}),
    });
  });

  return (
    <Form
      className="stack"
      validationErrors={fieldErrors(t, save.error)}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(values, { onSuccess: onClose });
      }}
    >
      {feed ? null : (
        <SelectField
          label={t('exchange.feeds.kind')}
          name="kind"
          value={values.kind}
          onChange={(v) => set('kind', v as FeedKind)}
          description={t(`exchange.feeds.kindHelp.${values.kind}`)}
          options={feedKinds.map((kind) => ({ id: kind, label: words.feedKind(kind) }))}
          autoFocus
        />
      )}
      <TextField
        label={t('exchange.feeds.feedTitle')}
        name="title"
        value={values.title}
        onChange={(v) => set('title', v)}
        isRequired
        maxLength={200}
        size="wide"
      />
      <TextField
        label={t('exchange.feeds.url')}
        description={t(`exchange.feeds.urlHelp.${values.kind}`)}
        name="url"
        type="url"
        value={values.url}
        onChange={(v) => set('url', v)}
        isRequired
        size="wide"
      />
      <TextField
        label={t('exchange.feeds.token')}
        description={feed?.hasToken ? t('exchange.feeds.tokenKept') : t('exchange.feeds.tokenHelp')}
        name="token"
        type="password"
        autoComplete="off"
        value={values.token}
        onChange={(v) => set('token', v)}
        size="wide"
      />
      {feed?.hasToken ? (
        <Checkbox isSelected={values.removeToken} onChange={(v) => set('removeToken', v)}>
          {t('exchange.feeds.removeToken')}
        </Checkbox>
      ) : null}
      <TextField
        label={t('exchange.feeds.interval')}
        description={t('exchange.feeds.intervalHelp')}
        name="intervalMinutes"
        type="number"
        inputMode="numeric"
        value={values.intervalMinutes}
        onChange={(v) => set('intervalMinutes', v)}
        isRequired
        validate={(v) => {
          const n = Number(v);
          return Number.isInteger(n) && n >= MIN_FEED_INTERVAL_MINUTES && n <= MAX_FEED_INTERVAL_MINUTES
            ? null
            : t('exchange.feeds.intervalInvalid', { max: MAX_FEED_INTERVAL_MINUTES });
        }}
        size="narrow"
      />
      <Checkbox
        isSelected={values.enabled}
        onChange={(v) => set('enabled', v)}
        description={t('exchange.feeds.enabledHelp')}
      >
        {t('exchange.feeds.enabled')}
      </Checkbox>
      <ErrorBanner error={save.error} />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {feed ? t('common.save') : t('exchange.feeds.add')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

const PollOutcome = ({ outcome }: { outcome: FeedPollOutcome }) => {
  const { t } = useTranslation();
  const { counts } = outcome;
  return outcome.status === 'failed' ? (
    <Banner tone="error" title={t('exchange.feeds.pollFailed')}>
      <p>{outcome.error}</p>
    </Banner>
  ) : (
    <Banner tone="success" title={t('exchange.feeds.polled')}>
      <p>
        {t('exchange.feeds.pollCounts', {
          objects: counts.objects,
          created: counts.created,
          updated: counts.updated,
          unchanged: counts.unchanged,
          invalid: counts.invalid,
        })}
      </p>
      {outcome.complete ? null : <p>{t('exchange.feeds.pollContinues')}</p>}
    </Banner>
  );
};

const FeedCard = ({ partner, feed, onEdit }: { partner: Partner; feed: PartnerFeed; onEdit: () => void }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const [removing, setRemoving] = useState(false);
  const poll = useExchangeMutation(() => exchangeApi.pollFeed(partner.id, feed.id));
  const toggle = useExchangeMutation((enabled: boolean) =>
    exchangeApi.updateFeed(partner.id, feed.id, { enabled }),
  );
  const restart = useExchangeMutation(() =>
    exchangeApi.updateFeed(partner.id, feed.id, { resetCursor: true }),
  );
  const remove = useExchangeMutation(() => exchangeApi.deleteFeed(partner.id, feed.id));
  const headingId = `feed-${feed.id}`;

  return (
    <article className="exchange-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="subsection-title">
        {feed.title} <span className="muted small">({words.feedKind(feed.kind)})</span>
      </h3>
      <dl className="exchange-meta">
        <dt>{t('exchange.feeds.url')}</dt>
        <dd>
          <code>{feed.url}</code>
        </dd>
        <dt>{t('exchange.feeds.state')}</dt>
        <dd>
          {feed.enabled ? (
            <StatusBadge tone="positive">
              {t('exchange.feeds.on', { count: feed.intervalMinutes })}
            </StatusBadge>
          ) : (
            <StatusBadge>{t('exchange.feeds.off')}</StatusBadge>
          )}
          {feed.hasToken ? <span className="small muted"> · {t('exchange.feeds.hasToken')}</span> : null}
        </dd>
        <dt>{t('exchange.feeds.lastPolled')}</dt>
        <dd>{feed.lastPolledAt ? words.dateTime(feed.lastPolledAt) : t('exchange.feeds.never')}</dd>
        <dt>{t('exchange.feeds.lastSuccess')}</dt>
        <dd>{feed.lastSuccessAt ? words.dateTime(feed.lastSuccessAt) : t('exchange.feeds.never')}</dd>
        {feed.enabled && feed.nextPollAt ? (
          <>
            <dt>{t('exchange.feeds.nextPoll')}</dt>
            <dd>{words.dateTime(feed.nextPollAt)}</dd>
          </>
        ) : null}
      </dl>
      {feed.lastError ? (
        <Banner
          tone="error"
          title={t('exchange.feeds.lastError', { count: feed.consecutiveFailures })}
          live={false}
        >
          <p>{feed.lastError}</p>
        </Banner>
      ) : null}
      {poll.data ? <PollOutcome outcome={poll.data} /> : null}
      <ErrorBanner error={poll.error ?? toggle.error ?? restart.error ?? remove.error} />
      <div className="actions">
        <Button
          size="small"
          variant="primary"
          onPress={() => poll.mutate(undefined)}
          isPending={poll.isPending}
        >
          {t('exchange.feeds.pollNow')}
        </Button>
        <Button size="small" onPress={() => toggle.mutate(!feed.enabled)} isPending={toggle.isPending}>
          {feed.enabled ? t('exchange.feeds.pause') : t('exchange.feeds.resume')}
        </Button>
        <Button size="small" onPress={onEdit}>
          {t('common.edit')}
        </Button>
        <Button size="small" onPress={() => restart.mutate(undefined)} isPending={restart.isPending}>
          {t('exchange.feeds.readAgain')}
        </Button>
        <Button size="small" variant="danger" onPress={() => setRemoving(true)}>
          {t('exchange.feeds.remove')}
        </Button>
      </div>
      <ConfirmDialog
        title={t('exchange.feeds.removeTitle', { title: feed.title })}
        isOpen={removing}
        onCancel={() => setRemoving(false)}
        onConfirm={() => remove.mutate(undefined, { onSettled: () => setRemoving(false) })}
        confirmLabel={t('exchange.feeds.remove')}
        isPending={remove.isPending}
      >
        <p>{t('exchange.feeds.removeBody')}</p>
      </ConfirmDialog>
    </article>
  );
};

/** What we poll from the partner's own servers (TAXII collections, MISP feeds) into the workbench. */
export const PartnerFeeds = ({ partner }: { partner: Partner }) => {
  const { t } = useTranslation();
  const feeds = usePartnerFeeds(partner.id);
  const [editing, setEditing] = useState<PartnerFeed | 'new' | null>(null);
  const rows = feeds.data?.items ?? [];
  return (
    <section className="section" aria-labelledby="partner-feeds-title">
      <h2 id="partner-feeds-title" className="section__title">
        {t('exchange.feeds.title')}
      </h2>
      <p className="section__lead">{t('exchange.feeds.lead', { partner: partner.name })}</p>
      {feeds.isPending ? <Loading /> : null}
      <ErrorBanner error={feeds.error} />
      {feeds.data && rows.length === 0 ? <p className="muted">{t('exchange.feeds.none')}</p> : null}
      {rows.length > 0 ? (
        <ul className="exchange-card-list">
          {rows.map((feed) => (
            <li key={feed.id}>
              <FeedCard partner={partner} feed={feed} onEdit={() => setEditing(feed)} />
            </li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <Button onPress={() => setEditing('new')}>{t('exchange.feeds.addOpen')}</Button>
      </div>
      <ModalDialog
        title={
          editing === 'new' || editing === null
            ? t('exchange.feeds.newTitle', { partner: partner.name })
            : t('exchange.feeds.editTitle', { title: editing.title })
        }
        isOpen={editing !== null}
        onClose={() => setEditing(null)}
        size="wide"
      >
        <FeedForm
          partner={partner}
          feed={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      </ModalDialog>
    </section>
  );
};
