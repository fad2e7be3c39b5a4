import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';
import {
  partnerTlpCeilings,
  redactableFields,
  releasableRecordTypes,
  type PartnerTlpCeiling,
  type RedactableField,
  type ReleasableRecordType,
} from '../../../../shared/contracts/exchange.js';
import { Button } from '../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../components/checkbox.js';
import { ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { tlpText } from '../../components/tlp-badge.js';
import { fieldErrors } from '../../lib/error-message.js';
import { RadioChoices } from '../../components/radio-choices.js';
import { exchangeApi, useExchangeMutation, type Partner } from './exchange-api.js';
import { useExchangeWords } from './exchange-words.js';

interface Values {
  name: string;
  description: string;
  contact: string;
  tlpCeiling: PartnerTlpCeiling;
  recordTypes: ReleasableRecordType[];
  redactedFields: RedactableField[];
  requiresApproval: boolean;
  defaultImportTlp: Tlp;
  active: boolean;
  inboundCollection: boolean;
}

const initialValues = (partner: Partner | null): Values => ({
  name: partner?.name ?? '',
  description: partner?.description ?? '',
  contact: partner?.contact ?? '',
  tlpCeiling: partner?.tlpCeiling ?? 'green',
  recordTypes: partner?.recordTypes ?? ['incident', 'sitrep'],
  redactedFields: partner?.redactedFields ?? ['personal_data'],
  requiresApproval: partner?.requiresApproval ?? true,
  defaultImportTlp: partner?.defaultImportTlp ?? 'amber',
  active: partner?.active ?? true,
  inboundCollection: partner ? partner.collections.some((c) => c.canWrite) : false,
});

const PartnerForm = ({ partner, onClose }: { partner: Partner | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>(() => initialValues(partner));
  const hasInbound = partner?.collections.some((c) => c.canWrite) ?? false;
  const save = useExchangeMutation((body: Values) =>
    partner
      ? exchangeApi.updatePartner(partner.id, {
          ...body,
          inboundCollection: body.inboundCollection && !hasInbound ? true : undefined,
        })
      : exchangeApi.createPartner(body),
  );
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues({ ...values, [key]: value });

  return (
    <Form
      className="stack"
      validationErrors={fieldErrors(t, save.error)}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(values, {
          onSuccess: (saved) => {
            onClose();
            if (!partner) void navigate(`/exchange/partners/${saved.id}`);
          },
        });
      }}
    >
      <TextField
        label={t('exchange.partner.name')}
        description={t('exchange.partner.nameHelp')}
        name="name"
        value={values.name}
        onChange={(v) => set('name', v)}
        isRequired
        maxLength={200}
        autoFocus
        size="wide"
      />
      <TextField
        label={t('exchange.partner.description')}
        description={t('exchange.partner.descriptionHelp')}
        name="description"
        value={values.description}
        onChange={(v) => set('description', v)}
        multiline
        rows={3}
        size="wide"
      />
      <TextField
        label={t('exchange.partner.contact')}
        description={t('exchange.partner.contactHelp')}
        name="contact"
        value={values.contact}
        onChange={(v) => set('contact', v)}
        multiline
        rows={2}
        size="wide"
      />
      <RadioChoices
        label={t('exchange.partner.ceiling')}
        description={t('exchange.partner.ceilingHelp')}
        name="tlpCeiling"
        value={values.tlpCeiling}
        onChange={(v) => set('tlpCeiling', v as PartnerTlpCeiling)}
        choices={partnerTlpCeilings.map((tlp) => ({
          value: tlp,
          label: tlpText(tlp),
          description: words.ceiling(tlp),
        }))}
      />
      <CheckboxGroup
        label={t('exchange.partner.recordTypes')}
        description={t('exchange.partner.recordTypesHelp')}
        name="recordTypes"
        value={values.recordTypes}
        onChange={(v) => set('recordTypes', v as ReleasableRecordType[])}
        isRequired
      >
        {releasableRecordTypes.map((type) => (
          <Checkbox key={type} value={type}>
            {words.recordType(type)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <CheckboxGroup
        label={t('exchange.partner.redactedFields')}
        description={t('exchange.partner.redactedFieldsHelp')}
        name="redactedFields"
        value={values.redactedFields}
        onChange={(v) => set('redactedFields', v as RedactableField[])}
      >
        {redactableFields.map((field) => (
          <Checkbox key={field} value={field} description={words.fieldHelp(field)}>
            {words.field(field)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <Checkbox
        isSelected={values.requiresApproval}
        onChange={(v) => set('requiresApproval', v)}
        description={t('exchange.partner.requiresApprovalHelp')}
      >
        {t('exchange.partner.requiresApproval')}
      </Checkbox>
      <SelectField
        label={t('exchange.partner.defaultImportTlp')}
        description={t('exchange.partner.defaultImportTlpHelp')}
        name="defaultImportTlp"
        value={values.defaultImportTlp}
        onChange={(v) => set('defaultImportTlp', v as Tlp)}
        options={tlpLevels.map((tlp) => ({ id: tlp, label: tlpText(tlp) }))}
        size="narrow"
      />
      <Checkbox
        isSelected={values.inboundCollection}
        onChange={(v) => set('inboundCollection', v)}
        isDisabled={hasInbound}
        description={hasInbound ? t('exchange.partner.inboundExists') : t('exchange.partner.inboundHelp')}
      >
        {t('exchange.partner.inbound')}
      </Checkbox>
      <Checkbox
        isSelected={values.active}
        onChange={(v) => set('active', v)}
        description={t('exchange.partner.activeHelp')}
      >
        {t('exchange.partner.active')}
      </Checkbox>
      <ErrorBanner error={save.error} />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {partner ? t('common.save') : t('exchange.partner.create')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export const PartnerDialog = ({
  partner,
  isOpen,
  onClose,
}: {
  partner: Partner | null;
  isOpen: boolean;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={
        partner ? t('exchange.partner.editTitle', { name: partner.name }) : t('exchange.partner.newTitle')
      }
      isOpen={isOpen}
      onClose={onClose}
      size="wide"
    >
      <PartnerForm partner={partner} onClose={onClose} />
    </ModalDialog>
  );
};
