import { useTranslation } from 'react-i18next';
import type { LocalisedName } from '../../../shared/contracts/common.js';
import { locales } from '../../../shared/contracts/locales.js';
import { TextField } from './text-field.js';

const labelKeys = { fi: 'common.nameFi', sv: 'common.nameSv', en: 'common.nameEn' } as const;

interface LocalisedNameFieldsProps {
  legend: string;
  value: LocalisedName;
  onChange: (value: LocalisedName) => void;
  autoFocus?: boolean;
}

/** The required name in Finnish, Swedish and English that organisations and communities carry. */
export const LocalisedNameFields = ({ legend, value, onChange, autoFocus }: LocalisedNameFieldsProps) => {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">{legend}</legend>
      {locales.map((locale, index) => (
        <TextField
          key={locale}
          label={t(labelKeys[locale])}
          name={`name.${locale}`}
          isRequired
          maxLength={200}
          value={value[locale]}
          onChange={(text) => onChange({ ...value, [locale]: text })}
          autoFocus={autoFocus === true && index === 0}
        />
      ))}
    </fieldset>
  );
};
