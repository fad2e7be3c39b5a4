import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChartSectionProps {
  id: string;
  title: string;
  headingLevel?: 2 | 3;
  actions?: ReactNode;
  chart: ReactNode;
  note?: ReactNode;
  /** The same numbers as a table, behind a "show as table" toggle. */
  table: ReactNode;
  tableOpen?: boolean;
}

/** A panel with a chart, its controls, and the table alternative any chart must have. */
export const ChartSection = ({
  id,
  title,
  headingLevel = 2,
  actions,
  chart,
  note,
  table,
  tableOpen = false,
}: ChartSectionProps) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(tableOpen);
  const headingId = `${id}-heading`;
  const tableId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="situation-panel" aria-labelledby={headingId}>
      <div className="situation-panel__head">
        <Heading id={headingId} className="situation-panel__title">
          {title}
        </Heading>
        {actions ? <div className="situation-panel__actions">{actions}</div> : null}
      </div>
      {chart}
      {note}
      <button
        type="button"
        className="button button--quiet button--small situation-panel__toggle"
        aria-expanded={open}
        aria-controls={tableId}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t('situation.hideTable') : t('situation.showTable')}
      </button>
      <div id={tableId} className="table-wrap" hidden={!open} role="region" aria-label={title} tabIndex={0}>
        {open ? table : null}
      </div>
    </section>
  );
};

/** Buttons of which one is on: the map level, the timeline bucket. */
export const Segmented = <T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { id: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) => (
  <div className="segmented" role="group" aria-label={label}>
    {options.map((option) => (
      <button
        key={option.id}
        type="button"
        className="segmented__option"
        aria-pressed={option.id === value}
        onClick={() => onChange(option.id)}
      >
        {option.label}
      </button>
    ))}
  </div>
);
