import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  closingReasons,
  type ClosingReason,
  type Incident,
  type IncidentDomain,
  type IncidentStatus,
} from '../../../../../shared/contracts/incidents.js';
import { Banner } from '../../../components/banner.js';
import { Button } from '../../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../../components/checkbox.js';
import { ComboBoxField } from '../../../components/combo-box-field.js';
import { ModalDialog } from '../../../components/dialog.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { SelectField } from '../../../components/select-field.js';
import { localisedName } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { organisationLabel, sortOrganisations, useOrganisations } from '../../../lib/organisations.js';
import { useIncidentLabels, vocabularies } from '../incident-labels.js';
import { useCommunities } from '../incidents-api.js';
import { useBulkAction, type BulkAction, type BulkResult } from './triage-api.js';

export type BulkKind = BulkAction['type'];

export interface BulkDialogProps {
  kind: BulkKind | null;
  /** The incidents the action applies to. */
  targets: Incident[];
  /** For a merge: the incident the others are merged into. */
  survivor: Incident | null;
  onClose: () => void;
  onDone: (result: BulkResult, kind: BulkKind) => void;
}

const BulkForm = ({ kind, targets, survivor, onClose, onDone }: BulkDialogProps & { kind: BulkKind }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useIncidentLabels();
  const organisations = useOrganisations();
  const communities = useCommunities();
  const bulk = useBulkAction();
  const [status, setStatus] = useState<IncidentStatus>('investigating');
  const [reason, setReason] = useState<ClosingReason>('resolved');
  const [severity, setSeverity] = useState(3);
  const [domain, setDomain] = useState<IncidentDomain>('information_influence');
  const [lead, setLead] = useState<string | null>(null);
  const [shareOrgs, setShareOrgs] = useState<string[]>([]);
  const [shareCommunities, setShareCommunities] = useState<string[]>([]);
  const [missing, setMissing] = useState(false);
  const activeOrgs = sortOrganisations(
    (organisations.data?.items ?? []).filter((org) => org.active !== false),
  );

  // Assigning a lead shares the incidents with it: the dialog says so, naming it once chosen.
  const leadOrg = lead ? activeOrgs.find((org) => org.id === lead) : undefined;

  const action = (): BulkAction | null => {
    switch (kind) {
      case 'set_status':
        return status === 'closed' ? { type: kind, status, closingReason: reason } : { type: kind, status };
      case 'set_severity':
        return { type: kind, severity };
      case 'add_domain':
        return { type: kind, domain };
      case 'assign_lead':
        return lead ? { type: kind, organisationId: lead } : null;
      case 'share':
        return shareOrgs.length + shareCommunities.length > 0
          ? { type: kind, organisations: shareOrgs, communities: shareCommunities }
          : null;
      case 'merge_into':
        return survivor ? { type: kind, survivorId: survivor.id } : null;
    }
  };

  const shown = targets.slice(0, 8);
  return (
    <Form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = action();
        if (!chosen) {
          setMissing(true);
          return;
        }
        bulk.mutate(
          { ids: targets.map((incident) => incident.id), action: chosen },
          { onSuccess: (result) => onDone(result, kind) },
        );
      }}
    >
      <ErrorBanner error={bulk.error} />
      {kind === 'set_status' ? (
        <>
          <SelectField
            label={t('triage.bulk.newStatus')}
            options={vocabularies.statuses
              .filter((value) => value !== 'new')
              .map((value) => ({ id: value, label: labels.status(value) }))}
            value={status}
            onChange={(value) => setStatus(value as IncidentStatus)}
            autoFocus
          />
          {status === 'closed' ? (
            <SelectField
              label={t('triage.bulk.closingReason')}
              description={t('triage.bulk.duplicateHint')}
              options={closingReasons
                .filter((value) => value !== 'duplicate')
                .map((value) => ({ id: value, label: labels.closingReason(value) }))}
              value={reason}
              onChange={(value) => setReason(value as ClosingReason)}
            />
          ) : null}
        </>
      ) : null}
      {kind === 'set_severity' ? (
        <SelectField
          label={t('triage.bulk.newSeverity')}
          options={vocabularies.severities.map((n) => ({ id: String(n), label: labels.severity(n) }))}
          value={String(severity)}
          onChange={(value) => setSeverity(Number(value))}
          autoFocus
        />
      ) : null}
      {kind === 'add_domain' ? (
        <SelectField
          label={t('triage.bulk.domain')}
          options={vocabularies.domains.map((value) => ({ id: value, label: labels.domain(value) }))}
          value={domain}
          onChange={(value) => setDomain(value as IncidentDomain)}
          autoFocus
        />
      ) : null}
      {kind === 'assign_lead' ? (
        <ComboBoxField
          label={t('triage.bulk.leadOrganisation')}
          description={
            leadOrg
              ? t('triage.bulk.leadWillSee', { organisation: leadOrg.shortName })
              : t('triage.bulk.leadHelp')
          }
          options={activeOrgs.map((org) => ({ id: org.id, label: organisationLabel(org, locale) }))}
          value={lead}
          onChange={(value) => {
            setLead(value);
            setMissing(false);
          }}
          size="wide"
          isRequired
        />
      ) : null}
      {kind === 'share' ? (
        <>
          <CheckboxGroup
            label={t('triage.bulk.shareOrganisations')}
            description={t('triage.bulk.shareHint')}
            value={shareOrgs}
            onChange={setShareOrgs}
            scrollable
          >
            {activeOrgs.map((org) => (
              <Checkbox key={org.id} value={org.id} description={localisedName(org.name, locale)}>
                {org.shortName}
              </Checkbox>
            ))}
          </CheckboxGroup>
          <CheckboxGroup
            label={t('triage.bulk.shareCommunities')}
            value={shareCommunities}
            onChange={setShareCommunities}
            scrollable
          >
            {(communities.data?.items ?? []).map((community) => (
              <Checkbox key={community.id} value={community.id}>
                {localisedName(community.name, locale)}
              </Checkbox>
            ))}
          </CheckboxGroup>
        </>
      ) : null}
      {kind === 'merge_into' && survivor ? (
        <p>
          {t('triage.bulk.mergeInto')} <strong>{survivor.title}</strong>
        </p>
      ) : null}
      {missing ? <p className="field__error">{t(`triage.bulk.missing.${kind}`)}</p> : null}

      <Banner tone="warning" live={false}>
        <p>
          <strong>{t('triage.bulk.willChange', { count: targets.length })}</strong>
        </p>
        <ul className="bullet-list">
          {shown.map((incident) => (
            <li key={incident.id}>{incident.title}</li>
          ))}
          {targets.length > shown.length ? (
            <li>{t('triage.bulk.andMore', { count: targets.length - shown.length })}</li>
          ) : null}
        </ul>
        <p className="small">{t('triage.bulk.allOrNothing')}</p>
      </Banner>
      <div className="actions">
        <Button
          type="submit"
          variant={kind === 'merge_into' ? 'danger' : 'primary'}
          isPending={bulk.isPending}
        >
          {t('triage.bulk.confirm', { count: targets.length })}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export const BulkDialog = (props: BulkDialogProps) => {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={props.kind ? t(`triage.actions.${props.kind}`) : ''}
      isOpen={props.kind !== null}
      onClose={props.onClose}
      size="wide"
    >
      {props.kind ? <BulkForm {...props} kind={props.kind} /> : null}
    </ModalDialog>
  );
};
