import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

export interface Chip {
  id: string;
  label: string;
}

/** Chosen values, each with a button that takes it away. */
export const ChipList = ({
  label,
  chips,
  onRemove,
}: {
  label: string;
  chips: readonly Chip[];
  onRemove: (id: string) => void;
}) => {
  const { t } = useTranslation();
  if (chips.length === 0) return null;
  return (
    <ul className="chips" aria-label={label}>
      {chips.map((chip) => (
        <li key={chip.id} className="chip">
          <span>{chip.label}</span>
          <Button
            className="chip__remove"
            aria-label={t('incidents.common.remove', { name: chip.label })}
            onPress={() => onRemove(chip.id)}
          >
            <span aria-hidden="true">✕</span>
          </Button>
        </li>
      ))}
    </ul>
  );
};
