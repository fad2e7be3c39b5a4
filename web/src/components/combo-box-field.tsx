import { useState, type Key, type ReactNode } from 'react';
import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import { FieldError } from './field-error.js';
import type { SelectOption } from './select-field.js';

export interface ComboBoxFieldProps {
  label: ReactNode;
  options: readonly SelectOption[];
  value: string | null;
  onChange: (value: string | null) => void;
  description?: ReactNode;
  name?: string;
  isRequired?: boolean;
  isDisabled?: boolean;
  /** For options fetched per keystroke: the parent filters, the combo box shows what it is given. */
  inputValue?: string;
  onInputChange?: (value: string) => void;
  size?: 'normal' | 'narrow' | 'wide';
  emptyLabel?: string;
}

export const ComboBoxField = ({
  label,
  options,
  value,
  onChange,
  description,
  size = 'normal',
  inputValue,
  onInputChange,
  emptyLabel,
  ...props
}: ComboBoxFieldProps) => {
  // When the parent empties the input after a choice (a picker that adds to a list), the list
  // must not reopen over the page, hiding everything else from screen readers, until the user
  // types or presses the button again.
  const [justChose, setJustChose] = useState(false);
  const quiet = justChose && onInputChange !== undefined && inputValue === '';
  return (
    <ComboBox
      {...props}
      className={`field field--${size}`}
      items={quiet ? [] : options}
      selectedKey={value}
      onSelectionChange={(key: Key | null) => {
        if (key !== null) setJustChose(true);
        onChange(key === null ? null : String(key));
      }}
      {...(onInputChange
        ? {
            inputValue,
            onInputChange: (next: string) => {
              setJustChose(false);
              onInputChange(next);
            },
          }
        : {})}
      menuTrigger="focus"
      allowsEmptyCollection={emptyLabel !== undefined && !quiet}
    >
      <Label className="field__label">{label}</Label>
      <div className="combo-box__row">
        <Input className="field__input combo-box__input" />
        <Button className="combo-box__button" onPress={() => setJustChose(false)}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      {description ? (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      ) : null}
      <FieldError />
      <Popover className="popover">
        <ListBox className="listbox" renderEmptyState={() => <p className="listbox__empty">{emptyLabel}</p>}>
          {(option: SelectOption) => (
            <ListBoxItem id={option.id} className="listbox__item" textValue={option.label}>
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
};
