import { describe, expect, it } from 'vitest';
import { describeEvent, fieldChanges, type SentenceContext } from './event-sentences.js';

const context: SentenceContext = {
  actor: 'Analyst X (NCSC-FI)',
  fieldLabel: (field) => `<${field}>`,
  formatValue: (_field, value) => (Array.isArray(value) ? value.join(', ') : String(value ?? '')),
  thingLabel: (thing) => `[${thing}]`,
};

describe('fieldChanges', () => {
  it('reads the changes map, the changes list and top-level pairs alike', () => {
    const expected = [{ field: 'severity', from: 2, to: 4 }];
    expect(fieldChanges({ changes: { severity: { from: 2, to: 4 } } })).toEqual(expected);
    expect(fieldChanges({ changes: [{ field: 'severity', from: 2, to: 4 }] })).toEqual(expected);
    expect(fieldChanges({ severity: { from: 2, to: 4 } })).toEqual(expected);
    expect(fieldChanges({ severity: [2, 4] })).toEqual(expected);
    expect(fieldChanges({ severity: { old: 2, new: 4 }, version: 3 })).toEqual(expected);
  });

  it('ignores values that are not changes', () => {
    expect(fieldChanges({ title: 'Hello', version: 2, ids: ['a', 'b'] })).toEqual([]);
  });
});

describe('describeEvent', () => {
  it('says who changed which field from what to what', () => {
    expect(
      describeEvent({ type: 'updated', data: { changes: { severity: { from: 2, to: 4 } } } }, context),
    ).toEqual([
      { key: 'changed', values: { actor: 'Analyst X (NCSC-FI)', field: '<severity>', from: '2', to: '4' } },
    ]);
  });

  it('gives one line per changed field and skips fields that stayed the same', () => {
    const lines = describeEvent(
      {
        type: 'updated',
        data: {
          changes: {
            severity: { from: 2, to: 2 },
            title: { from: 'a', to: 'b' },
            areaCodes: { from: [], to: ['KU091'] },
          },
        },
      },
      context,
    );
    expect(lines.map((line) => [line.key, line.values.field])).toEqual([
      ['changed', '<title>'],
      ['set', '<areaCodes>'],
    ]);
  });

  it('says a field was cleared when its new value is empty', () => {
    const [line] = describeEvent({ type: 'updated', data: { leadOrganisationId: ['x', null] } }, context);
    expect(line?.key).toBe('cleared');
  });

  it('reads a status change named by its type and adds the closing reason', () => {
    const lines = describeEvent(
      { type: 'status_changed', data: { from: 'triage', to: 'closed', closingReason: 'false_alarm' } },
      context,
    );
    expect(lines).toEqual([
      { key: 'changed', values: { actor: context.actor, field: '<status>', from: 'triage', to: 'closed' } },
      { key: 'withReason', values: { actor: context.actor, reason: 'false_alarm' } },
    ]);
  });

  it('names creation, merging and sub-records', () => {
    expect(describeEvent({ type: 'created', data: { title: 'x' } }, context)[0]?.key).toBe('created');
    expect(describeEvent({ type: 'incident.created', data: {} }, context)[0]?.key).toBe('created');
    expect(describeEvent({ type: 'merged_into', data: { into: 'incident--1' } }, context)[0]).toEqual({
      key: 'mergedInto',
      values: { actor: context.actor, target: 'incident--1' },
    });
    expect(describeEvent({ type: 'comment_added', data: { commentId: 'c' } }, context)[0]).toEqual({
      key: 'sub.added',
      values: { actor: context.actor, thing: '[comment]' },
    });
    expect(describeEvent({ type: 'observable.deleted', data: {} }, context)[0]?.key).toBe('sub.removed');
  });

  it('reads the server’s history: a merge names the survivor as a link target', () => {
    const lines = describeEvent(
      {
        type: 'updated',
        data: {
          changes: {
            status: { from: 'triage', to: 'closed' },
            closingReason: { from: null, to: 'duplicate' },
            duplicateOfId: { from: null, to: '00000000-0000-4000-8000-000000000002' },
          },
        },
      },
      context,
    );
    expect(lines.map((line) => line.key)).toEqual(['changed', 'set', 'mergedInto']);
    expect(lines[2]?.values.target).toBe('incident--00000000-0000-4000-8000-000000000002');
  });

  it('names each DISARM technique added or removed, and the other features’ event types', () => {
    expect(
      describeEvent(
        { type: 'techniques_changed', data: { added: ['T0023', 'T0086'], removed: ['T0049'] } },
        context,
      ),
    ).toEqual([
      { key: 'techniqueAdded', values: { actor: context.actor, id: 'T0023' } },
      { key: 'techniqueAdded', values: { actor: context.actor, id: 'T0086' } },
      { key: 'techniqueRemoved', values: { actor: context.actor, id: 'T0049' } },
    ]);
    expect(describeEvent({ type: 'narrative_linked', data: {} }, context)[0]?.key).toBe('sub.added');
    expect(describeEvent({ type: 'narrative_unlinked', data: {} }, context)[0]?.key).toBe('sub.removed');
    expect(describeEvent({ type: 'comment_edited', data: {} }, context)[0]?.key).toBe('sub.updated');
  });

  it('falls back to the event type in words for what it does not know', () => {
    expect(describeEvent({ type: 'stix_exported', data: {} }, context)[0]).toEqual({
      key: 'other',
      values: { actor: context.actor, what: 'stix exported' },
    });
  });
});
