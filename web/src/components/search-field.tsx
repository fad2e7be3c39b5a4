import { Button, Input, Label, SearchField as AriaSearchField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import './fields.css';

export interface SearchFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}

export const SearchField = ({ label, value, onChange, placeholder }: SearchFieldProps) => {
  const { t } = useTranslation();
  return (
    <AriaSearchField className="field search-field" value={value} onChange={onChange}>
      <Label className="field__label">{label}</Label>
      <div className="search-field__row">
        <Input className="field__input" placeholder={placeholder} />
        {value ? (
          <Button className="search-field__clear" aria-label={t('common.clearSearch')}>
            <span aria-hidden="true">✕</span>
          </Button>
        ) : null}
      </div>
    </AriaSearchField>
  );
};
