import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { redactableFields, type RedactableField } from '../../../../shared/contracts/exchange.js';
import { Banner } from '../../components/banner.js';
import { Button, ButtonLink } from '../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../components/checkbox.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TlpBadge } from '../../components/tlp-badge.js';
import { isApiError } from '../../lib/api.js';
import {
  exchangeApi,
  usePartner,
  useRelease,
  useReleaseMutation,
  type Partner,
  type Release,
} from './exchange-api.js';
import { releaseTone, useExchangeWords } from './exchange-words.js';
import { DecisionPanel, isOpen } from './release-decision.js';
import { StixObjectList } from './stix-object-list.js';
import { readingRank, supportingTypes } from './stix-summary.js';

const primaryObjectId = (release: Release) =>
  release.recordType === 'incident' ? release.recordId : `report--${release.recordId}`;

export const recordHref = (recordType: string, recordId: string, version?: string) =>
  recordType === 'incident'
    ? `/incidents/${encodeURIComponent(recordId)}`
    : `/reports/${encodeURIComponent(recordId)}/read${version ? `?version=${encodeURIComponent(version)}` : ''}`;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));

const Meta = ({ release }: { release: Release }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  return (
    <dl className="exchange-meta">
      <dt>{t('exchange.release.partner')}</dt>
      <dd>
        <Link to={`/exchange/partners/${release.partnerId}`}>{release.partnerName}</Link>
      </dd>
      <dt>{t('exchange.release.record')}</dt>
      <dd>
        <Link to={recordHref(release.recordType, release.recordId, release.recordVersion)}>
          {release.title}
        </Link>{' '}
        <span className="muted">({words.recordKind(release.recordType)})</span>
      </dd>
      <dt>{t('exchange.release.version')}</dt>
      <dd>
        {release.recordType === 'incident'
          ? words.exactTime(release.recordVersion)
          : t('exchange.release.reportVersion', { number: release.recordVersion })}
      </dd>
      <dt>{t('exchange.fields.marking')}</dt>
      <dd>
        <TlpBadge tlp={release.tlp} />
      </dd>
      <dt>{t('exchange.releases.status')}</dt>
      <dd>
        <StatusBadge tone={releaseTone(release.status)}>{words.releaseStatus(release.status)}</StatusBadge>
      </dd>
      <dt>{t('exchange.releases.proposed')}</dt>
      <dd>
        {t('exchange.release.byAt', {
          who: release.proposedBy?.name ?? t('exchange.releases.bySystem'),
          at: words.dateTime(release.proposedAt),
        })}
      </dd>
      {release.decidedAt ? (
        <>
          <dt>{t('exchange.release.decided')}</dt>
          <dd>
            {t('exchange.release.byAt', {
              who: release.decidedBy?.name ?? t('exchange.releases.bySystem'),
              at: words.dateTime(release.decidedAt),
            })}
          </dd>
        </>
      ) : null}
    </dl>
  );
};

interface Redaction {
  fields: RedactableField[];
  omit: string[];
}

const RedactionPanel = ({
  release,
  partner,
  draft,
  onChange,
  onSaved,
}: {
  release: Release;
  partner: Partner | undefined;
  draft: Redaction;
  onChange: (draft: Redaction) => void;
  onSaved: () => void;
}) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const agreed = partner?.redactedFields ?? [];
  const redact = useReleaseMutation(release.id, (body: Redaction) =>
    exchangeApi.redact(release.id, {
      fields: body.fields.filter((field) => !agreed.includes(field)),
      omitObjectIds: body.omit,
    }),
  );
  const open = isOpen(release);
  const changed =
    !sameSet(draft.fields, release.redactedFields) || !sameSet(draft.omit, release.omittedObjectIds);
  const omittedBefore = release.availableObjectIds.filter((object) => draft.omit.includes(object.id));

  return (
    <section className="section" aria-labelledby="release-redaction-title">
      <h2 id="release-redaction-title" className="section__title">
        {t('exchange.release.redaction')}
      </h2>
      <p className="section__lead">{t('exchange.release.redactionLead')}</p>
      <Form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          redact.mutate(draft, { onSuccess: onSaved });
        }}
      >
        <CheckboxGroup
          label={t('exchange.release.fieldsToRemove')}
          value={[...new Set([...draft.fields, ...agreed])]}
          onChange={(values) =>
            onChange({ ...draft, fields: [...new Set([...(values as RedactableField[]), ...agreed])] })
          }
          isDisabled={!open}
        >
          {redactableFields.map((field) => (
            <Checkbox
              key={field}
              value={field}
              isDisabled={agreed.includes(field)}
              description={
                agreed.includes(field)
                  ? `${words.fieldHelp(field)} ${t('exchange.release.byAgreement')}`
                  : words.fieldHelp(field)
              }
            >
              {words.field(field)}
            </Checkbox>
          ))}
        </CheckboxGroup>
        {omittedBefore.length > 0 ? (
          <CheckboxGroup
            label={t('exchange.release.leftOut')}
            description={t('exchange.release.leftOutHelp')}
            value={omittedBefore.map((object) => object.id)}
            onChange={(values) =>
              onChange({
                ...draft,
                omit: draft.omit.filter(
                  (id) => values.includes(id) || !omittedBefore.some((object) => object.id === id),
                ),
              })
            }
            isDisabled={!open}
          >
            {omittedBefore.map((object) => (
              <Checkbox key={object.id} value={object.id}>
                {words.objectType(object.type)} <code className="small">{object.id}</code>
              </Checkbox>
            ))}
          </CheckboxGroup>
        ) : null}
        <ErrorBanner error={redact.error} />
        {open ? (
          <div className="actions">
            <Button type="submit" variant="primary" isDisabled={!changed} isPending={redact.isPending}>
              {t('exchange.release.updatePreview')}
            </Button>
            {changed ? (
              <Button
                onPress={() => onChange({ fields: release.redactedFields, omit: release.omittedObjectIds })}
              >
                {t('exchange.release.undoChanges')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </Form>
    </section>
  );
};

const ReleaseView = ({ release }: { release: Release }) => {
  const { t } = useTranslation();
  const partner = usePartner(release.partnerId);
  const [draft, setDraft] = useState<Redaction>({
    fields: release.redactedFields,
    omit: release.omittedObjectIds,
  });
  const [savedAt, setSavedAt] = useState(0);
  const unsaved =
    !sameSet(draft.fields, release.redactedFields) || !sameSet(draft.omit, release.omittedObjectIds);
  const primary = primaryObjectId(release);
  const open = isOpen(release);
  const content = release.objects.filter((object) => !supportingTypes.has(String(object.type)));

  return (
    <>
      <PageHeader
        title={t('exchange.release.title', { title: release.title })}
        description={t('exchange.release.lead', { partner: release.partnerName })}
        actions={<ButtonLink href="/exchange/releases">{t('exchange.release.back')}</ButtonLink>}
      />
      <Meta release={release} />
      <div className="exchange-layout">
        <section className="section" aria-labelledby="release-preview-title">
          <h2 id="release-preview-title" className="section__title">
            {t('exchange.release.preview', { partner: release.partnerName })}
          </h2>
          <p className="section__lead">
            {t('exchange.release.previewLead', { count: release.objects.length, content: content.length })}
          </p>
          {savedAt > 0 && !unsaved ? (
            <Banner tone="success">
              <p>{t('exchange.release.previewUpdated', { count: release.objects.length })}</p>
            </Banner>
          ) : null}
          <StixObjectList
            objects={release.objects}
            control={(summary) =>
              open && summary.id !== primary && readingRank(summary.type) === 1 ? (
                <Checkbox
                  isSelected={draft.omit.includes(summary.id)}
                  onChange={(leaveOut) =>
                    setDraft({
                      ...draft,
                      omit: leaveOut
                        ? [...draft.omit, summary.id]
                        : draft.omit.filter((id) => id !== summary.id),
                    })
                  }
                >
                  {t('exchange.release.leaveOut')}
                </Checkbox>
              ) : null
            }
          />
        </section>
        <div className="sections">
          <DecisionPanel release={release} unsaved={unsaved} />
          <RedactionPanel
            release={release}
            partner={partner.data}
            draft={draft}
            onChange={setDraft}
            onSaved={() => setSavedAt(Date.now())}
          />
        </div>
      </div>
    </>
  );
};

export const ReleasePage = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const release = useRelease(id);
  if (release.isPending) return <Loading />;
  if (isApiError(release.error, 'not_found') || isApiError(release.error, 'validation_failed')) {
    return (
      <>
        <PageHeader title={t('exchange.release.notFound')} />
        <EmptyState
          title={t('exchange.release.notFoundBody')}
          action={<ButtonLink href="/exchange/releases">{t('exchange.release.back')}</ButtonLink>}
        />
      </>
    );
  }
  if (!release.data) return <ErrorBanner error={release.error} />;
  return <ReleaseView key={release.data.id} release={release.data} />;
};
