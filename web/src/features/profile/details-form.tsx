import { useMemo, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '../../../../shared/contracts/locales.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ComboBoxField } from '../../components/combo-box-field.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import { isLocale, languageNames } from '../../lib/i18n.js';
import { timeZones } from '../../lib/format.js';
import { useSignedInUser } from '../../lib/session.js';
import { useUpdateMe } from '../../lib/update-me.js';

export const DetailsForm = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const updateMe = useUpdateMe();
  const [name, setName] = useState(me.name);
  // Null until chosen here: the header's language switch may change the saved value meanwhile.
  const [chosenLocale, setLocale] = useState<Locale | null>(null);
  const [chosenTimeZone, setTimeZone] = useState<string | null>(null);
  const locale = chosenLocale ?? me.locale;
  const timeZone = chosenTimeZone ?? me.timeZone;
  const zoneOptions = useMemo(
    () => timeZones().map((zone) => ({ id: zone, label: zone.replaceAll('_', ' ') })),
    [],
  );

  return (
    <Form
      className="stack form-narrow"
      validationErrors={fieldErrors(t, updateMe.error)}
      onSubmit={(event) => {
        event.preventDefault();
        updateMe.mutate({ name: name.trim(), locale, timeZone });
      }}
    >
      {updateMe.isSuccess ? <Banner tone="success">{t('profile.saved')}</Banner> : null}
      <ErrorBanner error={updateMe.error} />
      <TextField
        label={t('profile.email')}
        value={me.email}
        isReadOnly
        description={t('profile.emailHint')}
      />
      <TextField
        label={t('profile.name')}
        name="name"
        isRequired
        maxLength={200}
        value={name}
        onChange={setName}
        autoComplete="name"
      />
      <SelectField
        label={t('profile.language')}
        name="locale"
        options={locales.map((code) => ({ id: code, label: languageNames[code] }))}
        value={locale}
        onChange={(value) => {
          if (isLocale(value)) setLocale(value);
        }}
      />
      <ComboBoxField
        label={t('profile.timeZone')}
        description={t('profile.timeZoneHint')}
        name="timeZone"
        isRequired
        options={zoneOptions}
        value={timeZone}
        onChange={setTimeZone}
      />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={updateMe.isPending}>
          {t('common.save')}
        </Button>
      </div>
    </Form>
  );
};
