import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TlpBadge } from '../../components/tlp-badge.js';
import { useExchangeWords } from './exchange-words.js';
import {
  readingRank,
  summariseObjects,
  supportingTypes,
  type ObjectSummary,
  type StixObject,
} from './stix-summary.js';

/** The object exactly as it is sent or was received, for those who read STIX. */
export const RawJson = ({ value, label }: { value: unknown; label?: string }) => {
  const { t } = useTranslation();
  return (
    <details className="raw-json">
      <summary>{label ?? t('exchange.object.raw')}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
};

const ObjectCard = ({
  summary,
  object,
  headingLevel,
  control,
}: {
  summary: ObjectSummary;
  object: StixObject;
  headingLevel: 3 | 4;
  control?: ReactNode;
}) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article
      className={`stix-object${supportingTypes.has(summary.type) ? ' stix-object--supporting' : ''}`}
      aria-label={`${words.objectType(summary.type)}: ${summary.name}`}
    >
      <div className="stix-object__head">
        <Heading className="stix-object__title">
          <span className="stix-object__type">{words.objectType(summary.type)}</span> {summary.name}
        </Heading>
        {summary.tlp ? (
          <TlpBadge tlp={summary.tlp} />
        ) : summary.type === 'marking-definition' || summary.type === 'extension-definition' ? null : (
          <span className="small muted">{t('exchange.object.unmarked')}</span>
        )}
      </div>
      {summary.fields.length > 0 ? (
        <dl className="stix-object__fields">
          {summary.fields.map((field) => (
            <Fragment key={field.key}>
              <dt>{words.summaryField(field.key)}</dt>
              <dd>{words.summaryValue(field.key, field.value)}</dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
      <p className="stix-object__id">{summary.id}</p>
      {control}
      <RawJson value={object} />
    </article>
  );
};

/**
 * STIX objects as readable cards, the content first and the markings and definitions that support
 * it after; `control` adds a per-object control (leaving it out of a release).
 */
export const StixObjectList = ({
  objects,
  context,
  headingLevel = 3,
  control,
}: {
  objects: readonly StixObject[];
  /** Objects not shown that name or mark the shown ones (markings, the item itself). */
  context?: readonly StixObject[];
  headingLevel?: 3 | 4;
  control?: (summary: ObjectSummary) => ReactNode;
}) => {
  const summaries = summariseObjects(objects, context);
  const order = summaries
    .map((summary, index) => ({ summary, object: objects[index]! }))
    .sort((a, b) => readingRank(a.summary.type) - readingRank(b.summary.type));
  return (
    <ul className="exchange-objects">
      {order.map(({ summary, object }) => (
        <li key={`${summary.id}@${String(object.modified ?? '')}`}>
          <ObjectCard
            summary={summary}
            object={object}
            headingLevel={headingLevel}
            control={control?.(summary)}
          />
        </li>
      ))}
    </ul>
  );
};
