import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { incidentDomains, type IncidentDomain } from '../../../../shared/contracts/incident-enums.js';
import type { Locale } from '../../../../shared/contracts/locales.js';
import type { NotificationSettings, Subscription } from '../../../../shared/contracts/notifications.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../components/checkbox.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SelectField } from '../../components/select-field.js';
import { localisedName } from '../../lib/format.js';
import { hasContentRole, useSignedInUser } from '../../lib/session.js';
import {
  useCreateSubscription,
  useDeleteSubscription,
  useDistrictChoices,
  useElectionChoices,
  useNotificationSettings,
  useSaveNotificationSettings,
  useSubscriptions,
} from './notifications-api.js';
import './notifications.css';

const EmailForm = ({ initial }: { initial: NotificationSettings }) => {
  const { t } = useTranslation();
  const save = useSaveNotificationSettings();
  const [emailEnabled, setEmailEnabled] = useState(initial.emailEnabled);
  const [dailyDigest, setDailyDigest] = useState(initial.dailyDigest);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ emailEnabled, dailyDigest: emailEnabled && dailyDigest });
  };

  return (
    <Form onSubmit={onSubmit} className="subscription-form">
      <ErrorBanner error={save.error} />
      {initial.emailAvailable ? null : (
        <Banner tone="info" live={false}>
          <p>{t('notifications.settings.emailUnavailable')}</p>
        </Banner>
      )}
      <Checkbox isSelected={emailEnabled} onChange={setEmailEnabled}>
        {t('notifications.settings.emailEnabled')}
      </Checkbox>
      <Checkbox
        isSelected={emailEnabled && dailyDigest}
        onChange={setDailyDigest}
        isDisabled={!emailEnabled}
        description={t('notifications.settings.dailyDigestDescription')}
      >
        {t('notifications.settings.dailyDigest')}
      </Checkbox>
      <div>
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {t('notifications.settings.save')}
        </Button>
      </div>
      {save.isSuccess ? (
        <Banner tone="success">
          <p>{t('notifications.settings.saved')}</p>
        </Banner>
      ) : null}
    </Form>
  );
};

const EmailSection = () => {
  const settings = useNotificationSettings();
  if (settings.isPending) return <Loading />;
  if (!settings.data) return <ErrorBanner error={settings.error} />;
  return <EmailForm initial={settings.data} />;
};

const SubscriptionForm = () => {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const elections = useElectionChoices(true);
  const districts = useDistrictChoices(true);
  const create = useCreateSubscription();
  const [electionId, setElectionId] = useState('any');
  const [domains, setDomains] = useState<string[]>([]);
  const [minSeverity, setMinSeverity] = useState('1');
  const [areaCodes, setAreaCodes] = useState<string[]>([]);
  const [email, setEmail] = useState(true);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        electionId: electionId === 'any' ? null : electionId,
        domains: domains as IncidentDomain[],
        minSeverity: Number(minSeverity),
        areaCodes,
        email,
      },
      {
        onSuccess: () => {
          setDomains([]);
          setAreaCodes([]);
        },
      },
    );
  };

  const electionOptions = [
    { id: 'any', label: t('notifications.subscriptions.anyElection') },
    ...(elections.data?.items ?? []).map((e) => ({ id: e.id, label: localisedName(e.name, locale) })),
  ];
  const severityOptions = ['1', '2', '3', '4', '5'].map((n) => ({
    id: n,
    label: t(`notifications.severityLevel.${n}`),
  }));

  return (
    <Form onSubmit={onSubmit} className="subscription-form" aria-labelledby="subscription-add-heading">
      <h3 id="subscription-add-heading">{t('notifications.subscriptions.addHeading')}</h3>
      <ErrorBanner error={create.error} />
      <SelectField
        label={t('notifications.subscriptions.election')}
        options={electionOptions}
        value={electionId}
        onChange={setElectionId}
      />
      <CheckboxGroup
        label={t('notifications.subscriptions.domains')}
        description={t('notifications.subscriptions.domainsDescription')}
        value={domains}
        onChange={setDomains}
      >
        {incidentDomains.map((domain) => (
          <Checkbox key={domain} value={domain}>
            {t(`notifications.domain.${domain}`)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <SelectField
        label={t('notifications.subscriptions.minSeverity')}
        options={severityOptions}
        value={minSeverity}
        onChange={setMinSeverity}
      />
      {districts.data && districts.data.items.length > 0 ? (
        <CheckboxGroup
          label={t('notifications.subscriptions.areas')}
          description={t('notifications.subscriptions.areasDescription')}
          value={areaCodes}
          onChange={setAreaCodes}
          scrollable
        >
          {districts.data.items.map((area) => (
            <Checkbox key={area.code} value={area.code}>
              {localisedName(area.name, locale)}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : null}
      <Checkbox isSelected={email} onChange={setEmail}>
        {t('notifications.subscriptions.email')}
      </Checkbox>
      <div>
        <Button type="submit" variant="primary" isPending={create.isPending}>
          {t('notifications.subscriptions.add')}
        </Button>
      </div>
      {create.isSuccess ? (
        <Banner tone="success">
          <p>{t('notifications.subscriptions.added')}</p>
        </Banner>
      ) : null}
    </Form>
  );
};

const SubscriptionsSection = () => {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const subscriptions = useSubscriptions(true);
  const elections = useElectionChoices(true);
  const districts = useDistrictChoices(true);
  const remove = useDeleteSubscription();

  const electionName = (id: string | null) => {
    if (!id) return t('notifications.subscriptions.anyElection');
    const election = elections.data?.items.find((e) => e.id === id);
    return election ? localisedName(election.name, locale) : id;
  };
  const areaNames = (codes: readonly string[]) =>
    codes.length === 0
      ? t('notifications.subscriptions.anywhere')
      : codes
          .map((code) => {
            const area = districts.data?.items.find((a) => a.code === code);
            return area ? localisedName(area.name, locale) : code;
          })
          .join(', ');
  const domainNames = (list: readonly string[]) =>
    list.length === 0
      ? t('notifications.subscriptions.anyDomain')
      : list.map((d) => t(`notifications.domain.${d}`)).join(', ');
  const summary = (s: Subscription) =>
    [
      electionName(s.electionId),
      domainNames(s.domains),
      t(`notifications.severityLevel.${s.minSeverity}`),
      areaNames(s.areaCodes),
    ].join(' · ');

  return (
    <>
      <ErrorBanner error={subscriptions.error ?? remove.error} />
      {subscriptions.isPending ? (
        <Loading />
      ) : (subscriptions.data?.items.length ?? 0) === 0 ? (
        <EmptyState title={t('notifications.subscriptions.none')} />
      ) : (
        <DataTable
          caption={t('notifications.subscriptions.caption')}
          rows={subscriptions.data?.items ?? []}
          rowKey={(s) => s.id}
          columns={[
            {
              key: 'election',
              header: t('notifications.subscriptions.election'),
              cell: (s) => electionName(s.electionId),
              isRowHeader: true,
            },
            {
              key: 'domains',
              header: t('notifications.subscriptions.domains'),
              cell: (s) => domainNames(s.domains),
            },
            {
              key: 'severity',
              header: t('notifications.subscriptions.minSeverity'),
              cell: (s) => t(`notifications.severityLevel.${s.minSeverity}`),
            },
            {
              key: 'areas',
              header: t('notifications.subscriptions.areas'),
              cell: (s) => areaNames(s.areaCodes),
            },
            {
              key: 'email',
              header: t('notifications.subscriptions.email'),
              cell: (s) =>
                s.email ? t('notifications.subscriptions.yes') : t('notifications.subscriptions.no'),
            },
            {
              key: 'actions',
              header: t('notifications.subscriptions.actions'),
              cell: (s) => (
                <Button
                  size="small"
                  variant="danger"
                  aria-label={t('notifications.subscriptions.deleteLabel', { summary: summary(s) })}
                  onPress={() => remove.mutate(s.id)}
                  isPending={remove.isPending && remove.variables === s.id}
                >
                  {t('notifications.subscriptions.delete')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <SubscriptionForm />
    </>
  );
};

export const NotificationSettingsPage = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  return (
    <>
      <PageHeader
        title={t('notifications.settings.title')}
        description={t('notifications.settings.description')}
      />
      <div className="sections">
        <section className="section" aria-labelledby="notification-email-heading">
          <h2 id="notification-email-heading" className="section__title">
            {t('notifications.settings.emailHeading')}
          </h2>
          <EmailSection />
        </section>
        {hasContentRole(me) ? (
          <section className="section" aria-labelledby="notification-subscriptions-heading">
            <h2 id="notification-subscriptions-heading" className="section__title">
              {t('notifications.subscriptions.heading')}
            </h2>
            <p>{t('notifications.subscriptions.description')}</p>
            <SubscriptionsSection />
          </section>
        ) : null}
      </div>
    </>
  );
};
