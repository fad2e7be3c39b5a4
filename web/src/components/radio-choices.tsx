import type { ReactNode } from 'react';
import { Label, Radio, RadioGroup, Text } from 'react-aria-components';
import { FieldError } from './field-error.js';
import './fields.css';

export interface RadioChoice {
  value: string;
  label: ReactNode;
  description?: ReactNode;
}

export interface RadioChoicesProps {
  label: ReactNode;
  description?: ReactNode;
  choices: readonly RadioChoice[];
  value: string | null;
  onChange: (value: string) => void;
  name?: string;
  isRequired?: boolean;
}

/** One choice of a few, each with a line that explains it. */
export const RadioChoices = ({
  label,
  description,
  choices,
  value,
  onChange,
  ...props
}: RadioChoicesProps) => (
  <RadioGroup {...props} className="field field--wide radio-group" value={value} onChange={onChange}>
    <Label className="field__label">{label}</Label>
    {description ? (
      <Text slot="description" className="field__description">
        {description}
      </Text>
    ) : null}
    <div className="radio-group__items">
      {choices.map((choice) => (
        <Radio key={choice.value} value={choice.value} className="radio">
          <span className="radio__circle" aria-hidden="true" />
          <span className="radio__text">
            <span className="radio__label">{choice.label}</span>
            {choice.description ? <span className="radio__description">{choice.description}</span> : null}
          </span>
        </Radio>
      ))}
    </div>
    <FieldError />
  </RadioGroup>
);
