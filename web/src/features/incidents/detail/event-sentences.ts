import { INCIDENT_PREFIX } from '../../../../../shared/contracts/incident-enums.js';

/**
 * Turns an incident event into the parts of readable sentences ("Analyst X of NCSC-FI changed
 * severity 2 → 4"). Pure: the caller translates the keys and formats the values, so the rules can be
 * tested without React or i18next.
 */

export interface EventLike {
  type: string;
  data: Record<string, unknown>;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface EventLine {
  /** Translation key under incident-detail.history. */
  key: string;
  values: Record<string, string>;
}

export interface SentenceContext {
  /** "Analyst X (NCSC-FI)", already formatted. */
  actor: string;
  /** A field's name in the reader's language. */
  fieldLabel: (field: string) => string;
  /** A field's value in the reader's language (status labels, organisation names, dates …). */
  formatValue: (field: string, value: unknown) => string;
  /** A kind of sub-record (comment, observable …) in the reader's language. */
  thingLabel: (thing: string) => string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Keys of an event's data that describe the event rather than a changed field. */
const metaKeys = new Set(['version', 'reason', 'source', 'requestId', 'bulk', 'ids', 'from', 'to']);

const asChange = (field: string, value: unknown): FieldChange | null => {
  if (isRecord(value) && ('from' in value || 'to' in value)) {
    return { field, from: value.from, to: value.to };
  }
  if (isRecord(value) && ('old' in value || 'new' in value)) {
    return { field, from: value.old, to: value.new };
  }
  if (Array.isArray(value) && value.length === 2) return { field, from: value[0], to: value[1] };
  return null;
};

/**
 * The field changes an event carries, whichever of the shapes the server uses:
 * `{ changes: { severity: { from, to } } }`, `{ changes: [{ field, from, to }] }`,
 * `{ severity: { from, to } }` or `{ severity: [from, to] }`.
 */
export const fieldChanges = (data: Record<string, unknown>): FieldChange[] => {
  const changes = data.changes;
  if (Array.isArray(changes)) {
    return changes.flatMap((entry) =>
      isRecord(entry) && typeof entry.field === 'string'
        ? [{ field: entry.field, from: entry.from, to: entry.to }]
        : [],
    );
  }
  const source = isRecord(changes) ? changes : data;
  return Object.entries(source).flatMap(([field, value]) => {
    if (metaKeys.has(field)) return [];
    const change = asChange(field, value);
    return change ? [change] : [];
  });
};

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const changeLine = (change: FieldChange, context: SentenceContext): EventLine => {
  const values = {
    actor: context.actor,
    field: context.fieldLabel(change.field),
    from: context.formatValue(change.field, change.from),
    to: context.formatValue(change.field, change.to),
  };
  if (isEmpty(change.from)) return { key: 'set', values };
  if (isEmpty(change.to)) return { key: 'cleared', values };
  return { key: 'changed', values };
};

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

const camelCase = (snake: string): string => {
  const field = snake.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
  return field === 'marking' ? 'tlp' : field;
};

/** The history stores plain uuids; links use the API's incident--<uuid>. */
const asIncidentId = (id: string) => (id.startsWith(INCIDENT_PREFIX) ? id : `${INCIDENT_PREFIX}${id}`);

const humanise = (type: string): string => type.replace(/[._-]+/g, ' ').trim();

/** Event types named by what happened to the incident as a whole. */
const wholeIncidentTypes: Record<string, string> = {
  created: 'created',
  incident_created: 'created',
  intake: 'reported',
  reported: 'reported',
  imported: 'imported',
  reopened: 'reopened',
};

export const describeEvent = (event: EventLike, context: SentenceContext): EventLine[] => {
  const { actor } = context;
  const data = isRecord(event.data) ? event.data : {};
  const type = event.type.replace(/^incident[._]/, '');

  const whole = wholeIncidentTypes[event.type] ?? wholeIncidentTypes[type];
  if (whole) return [{ key: whole, values: { actor } }];

  if (type === 'merged_into' || type === 'merged' || type === 'duplicate_of') {
    const target = str(data.into) ?? str(data.survivorId) ?? str(data.duplicateOfId) ?? '';
    return [{ key: 'mergedInto', values: { actor, target: target && asIncidentId(target) } }];
  }
  if (type === 'merged_from' || type === 'absorbed') {
    const source = str(data.from) ?? str(data.duplicateId) ?? str(data.incidentId) ?? '';
    return [{ key: 'mergedFrom', values: { actor, source: source && asIncidentId(source) } }];
  }

  if (type === 'techniques_changed') {
    const ids = (value: unknown) =>
      Array.isArray(value) ? value.filter((id) => typeof id === 'string') : [];
    const lines = [
      ...ids(data.added).map((id) => ({ key: 'techniqueAdded', values: { actor, id } })),
      ...ids(data.removed).map((id) => ({ key: 'techniqueRemoved', values: { actor, id } })),
    ];
    if (lines.length > 0) return lines;
  }

  const named = /^(.+)_changed$/.exec(type);
  if (named && ('from' in data || 'to' in data)) {
    const field = camelCase(named[1]!);
    return describeEvent(
      {
        type: 'updated',
        data: { ...data, from: undefined, to: undefined, [field]: { from: data.from, to: data.to } },
      },
      context,
    );
  }

  const changes = fieldChanges(data).filter((change) => !sameValue(change.from, change.to));
  if (changes.length > 0) {
    const lines = changes.map((change) => {
      const target = change.field === 'duplicateOfId' ? str(change.to) : null;
      return target
        ? { key: 'mergedInto', values: { actor, target: asIncidentId(target) } }
        : changeLine(change, context);
    });
    const reason = str(data.closingReason) ?? str(data.reason);
    if (reason && !changes.some((change) => change.field === 'closingReason')) {
      lines.push({
        key: 'withReason',
        values: { actor, reason: context.formatValue('closingReason', reason) },
      });
    }
    return lines;
  }
  if (type === 'updated' || type === 'changed') return [{ key: 'updated', values: { actor } }];

  const subRecord = /^(.+?)[._](added|created|linked|removed|deleted|unlinked|updated|changed|edited)$/.exec(
    type,
  );
  if (subRecord) {
    const verb =
      (
        {
          created: 'added',
          linked: 'added',
          deleted: 'removed',
          unlinked: 'removed',
          changed: 'updated',
          edited: 'updated',
        } as Record<string, string>
      )[subRecord[2]!] ?? subRecord[2]!;
    return [{ key: `sub.${verb}`, values: { actor, thing: context.thingLabel(subRecord[1]!) } }];
  }

  return [{ key: 'other', values: { actor, what: humanise(type) } }];
};
