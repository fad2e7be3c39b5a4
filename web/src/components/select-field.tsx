import type { Key, ReactNode } from 'react';
import {
  Button,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
} from 'react-aria-components';
import { FieldError } from './field-error.js';

export interface SelectOption {
  id: string;
  label: string;
}

export interface SelectFieldProps {
  label: ReactNode;
  options: readonly SelectOption[];
  value: string | null;
  onChange: (value: string) => void;
  description?: ReactNode;
  name?: string;
  isRequired?: boolean;
  isDisabled?: boolean;
  placeholder?: string;
  size?: 'normal' | 'narrow' | 'wide';
  autoFocus?: boolean;
}

export const SelectField = ({
  label,
  options,
  value,
  onChange,
  description,
  size = 'normal',
  ...props
}: SelectFieldProps) => (
  <Select
    {...props}
    className={`field field--${size}`}
    value={value}
    onChange={(key: Key | null) => {
      if (key !== null) onChange(String(key));
    }}
  >
    <Label className="field__label">{label}</Label>
    <Button className="field__input select__trigger">
      <SelectValue className="select__value" />
      <span aria-hidden="true" className="select__chevron">
        ▾
      </span>
    </Button>
    {description ? (
      <Text slot="description" className="field__description">
        {description}
      </Text>
    ) : null}
    <FieldError />
    <Popover className="popover">
      <ListBox className="listbox" items={options}>
        {(option) => (
          <ListBoxItem id={option.id} className="listbox__item" textValue={option.label}>
            {option.label}
          </ListBoxItem>
        )}
      </ListBox>
    </Popover>
  </Select>
);
