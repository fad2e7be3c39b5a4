import type { ReactNode } from 'react';
import {
  Checkbox as AriaCheckbox,
  CheckboxGroup as AriaCheckboxGroup,
  Label,
  Text,
  type CheckboxGroupProps as AriaCheckboxGroupProps,
  type CheckboxProps as AriaCheckboxProps,
} from 'react-aria-components';
import { FieldError } from './field-error.js';

export interface CheckboxProps extends Omit<AriaCheckboxProps, 'className' | 'children'> {
  children: ReactNode;
  description?: ReactNode;
}

const Box = () => (
  <span className="checkbox__box" aria-hidden="true">
    <svg viewBox="0 0 16 16" className="checkbox__mark">
      <polyline points="3.5 8.5 6.5 11.5 12.5 4.5" />
    </svg>
  </span>
);

export const Checkbox = ({ children, description, ...props }: CheckboxProps) => (
  <AriaCheckbox {...props} className="checkbox">
    <Box />
    <span className="checkbox__text">
      <span className="checkbox__label">{children}</span>
      {description ? <span className="checkbox__description">{description}</span> : null}
    </span>
  </AriaCheckbox>
);

export interface CheckboxGroupProps extends Omit<AriaCheckboxGroupProps, 'className' | 'children'> {
  label: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  scrollable?: boolean;
}

export const CheckboxGroup = ({ label, description, children, scrollable, ...props }: CheckboxGroupProps) => (
  <AriaCheckboxGroup {...props} className="field checkbox-group">
    <Label className="field__label">{label}</Label>
    {description ? (
      <Text slot="description" className="field__description">
        {description}
      </Text>
    ) : null}
    <div
      className={scrollable ? 'checkbox-group__items checkbox-group__items--scroll' : 'checkbox-group__items'}
      // A disabled group's boxes take no focus: the scrolling list itself does, so that it can be read.
      tabIndex={scrollable && props.isDisabled ? 0 : undefined}
    >
      {children}
    </div>
    <FieldError />
  </AriaCheckboxGroup>
);
