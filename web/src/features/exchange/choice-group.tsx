import type { ReactNode } from 'react';
import { Label, Radio, RadioGroup, Text } from 'react-aria-components';
import { FieldError } from '../../components/field-error.js';

export interface Choice {
  value: string;
  label: ReactNode;
  description?: ReactNode;
}

/** One choice of a few, each with a line that explains it in plain words. */
export const ChoiceGroup = ({
  label,
  description,
  choices,
  value,
  onChange,
  name,
}: {
  label: ReactNode;
  description?: ReactNode;
  choices: readonly Choice[];
  value: string;
  onChange: (value: string) => void;
  name?: string;
}) => (
  <RadioGroup className="field field--wide exchange-choices" value={value} onChange={onChange} name={name}>
    <Label className="field__label">{label}</Label>
    {description ? (
      <Text slot="description" className="field__description">
        {description}
      </Text>
    ) : null}
    <div className="exchange-choices__items">
      {choices.map((choice) => (
        <Radio key={choice.value} value={choice.value} className="exchange-choice">
          <span className="exchange-choice__circle" aria-hidden="true" />
          <span className="exchange-choice__text">
            <span className="exchange-choice__label">{choice.label}</span>
            {choice.description ? (
              <span className="exchange-choice__description">{choice.description}</span>
            ) : null}
          </span>
        </Radio>
      ))}
    </div>
    <FieldError />
  </RadioGroup>
);
