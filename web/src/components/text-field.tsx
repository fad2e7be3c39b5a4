import type { ReactNode } from 'react';
import {
  Input,
  Label,
  Text,
  TextArea,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';
import { FieldError } from './field-error.js';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'className' | 'children'> {
  label: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  multiline?: boolean;
  rows?: number;
  size?: 'normal' | 'narrow' | 'wide';
  inputClassName?: string;
}

export const TextField = ({
  label,
  description,
  placeholder,
  multiline,
  rows = 4,
  size = 'normal',
  inputClassName,
  ...props
}: TextFieldProps) => (
  <AriaTextField {...props} className={`field field--${size}`}>
    <Label className="field__label">{label}</Label>
    {multiline ? (
      <TextArea
        className={`field__input field__textarea ${inputClassName ?? ''}`}
        rows={rows}
        placeholder={placeholder}
      />
    ) : (
      <Input className={`field__input ${inputClassName ?? ''}`} placeholder={placeholder} />
    )}
    {description ? (
      <Text slot="description" className="field__description">
        {description}
      </Text>
    ) : null}
    <FieldError minLength={props.minLength} />
  </AriaTextField>
);
