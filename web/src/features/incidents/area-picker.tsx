import { useState, type ReactNode } from 'react';
import {
  Button,
  ComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  type Key,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/field-error.js';
import { useLocale } from '../../lib/i18n.js';
import { bilingualAreaName, matchAreas } from './area-names.js';
import { ChipList } from './chip-list.js';
import { useAreas } from './incidents-api.js';

export interface AreaPickerProps {
  label: ReactNode;
  /** Names the list of chosen areas for screen readers. */
  chosenLabel: string;
  description?: ReactNode;
  value: readonly string[];
  onChange: (codes: string[]) => void;
  max?: number;
  /** Municipalities only (the reporter's form), or every kind of area. */
  type?: 'municipality';
}

/** Type a name, pick it from the list, and it joins the chosen areas shown below. */
export const AreaPicker = ({
  label,
  chosenLabel,
  description,
  value,
  onChange,
  max = 400,
  type,
}: AreaPickerProps) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const areas = useAreas(type);
  const [input, setInput] = useState('');
  // Right after a choice the emptied input must not reopen the list over the page (it would hide
  // the chosen areas and the next fields from screen readers); typing or the button opens it again.
  const [justChose, setJustChose] = useState(false);
  const all = areas.data ?? [];
  const names = new Map(all.map((area) => [area.code, bilingualAreaName(area, locale)]));
  const options = justChose
    ? []
    : matchAreas(all, input, locale)
        .filter((area) => !value.includes(area.code))
        .slice(0, 50)
        .map((area) => ({ id: area.code, label: names.get(area.code) ?? area.code }));
  const full = value.length >= max;

  return (
    <div className="stack" style={{ gap: 'var(--space-2)' }}>
      <ComboBox
        className="field field--wide"
        items={options}
        inputValue={input}
        onInputChange={(next) => {
          setInput(next);
          setJustChose(false);
        }}
        selectedKey={null}
        onSelectionChange={(key: Key | null) => {
          if (key === null) return;
          onChange([...value, String(key)]);
          setInput('');
          setJustChose(true);
        }}
        menuTrigger="input"
        allowsEmptyCollection={!justChose}
        isDisabled={full || areas.isError}
      >
        <Label className="field__label">{label}</Label>
        <div className="combo-box__row">
          <Input className="field__input combo-box__input" />
          <Button className="combo-box__button" onPress={() => setJustChose(false)}>
            <span aria-hidden="true">▾</span>
          </Button>
        </div>
        {description || areas.isError ? (
          <Text slot="description" className="field__description">
            {areas.isError ? t('incidents.common.areasUnavailable') : description}
          </Text>
        ) : null}
        <FieldError />
        <Popover className="popover">
          <ListBox
            className="listbox"
            renderEmptyState={() => <p className="listbox__empty">{t('incidents.common.noAreaMatches')}</p>}
          >
            {(option: { id: string; label: string }) => (
              <ListBoxItem id={option.id} className="listbox__item" textValue={option.label}>
                {option.label}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
      <ChipList
        label={chosenLabel}
        chips={value.map((code) => ({ id: code, label: names.get(code) ?? code }))}
        onRemove={(code) => onChange(value.filter((c) => c !== code))}
      />
    </div>
  );
};
