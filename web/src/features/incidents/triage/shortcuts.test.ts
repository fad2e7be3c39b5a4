import { describe, expect, it } from 'vitest';
import {
  actionTargets,
  isTypingTarget,
  keepSelection,
  mergeSources,
  moveFocus,
  shortcutActions,
  shortcutFor,
  shortcutKeys,
  type ElementLike,
} from './shortcuts.js';

const row: ElementLike = { tagName: 'TR', getAttribute: () => null, closest: () => null };
const press = (
  key: string,
  target: ElementLike | null = row,
  modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {},
) => shortcutFor({ key, target, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe('shortcutFor', () => {
  it('maps the documented keys to their actions', () => {
    expect(press('j')).toBe('next');
    expect(press('k')).toBe('previous');
    expect(press('x')).toBe('toggleSelect');
    expect(press('s')).toBe('setStatus');
    expect(press('e')).toBe('setSeverity');
    expect(press('a')).toBe('assignLead');
    expect(press('m')).toBe('mergeIntoFocused');
    expect(press('o')).toBe('open');
    expect(press('?')).toBe('help');
  });

  it('accepts capitals (Caps Lock) but leaves modified keys to the browser', () => {
    expect(press('J')).toBe('next');
    expect(press('s', row, { ctrlKey: true })).toBeNull();
    expect(press('j', row, { metaKey: true })).toBeNull();
    expect(press('j', row, { altKey: true })).toBeNull();
  });

  it('never steals keys typed into a field or a dialog', () => {
    expect(press('j', { tagName: 'input' })).toBeNull();
    expect(press('j', { tagName: 'TEXTAREA' })).toBeNull();
    expect(press('j', { tagName: 'DIV', isContentEditable: true })).toBeNull();
    expect(
      press('j', { tagName: 'DIV', getAttribute: (n) => (n === 'role' ? 'combobox' : null) }),
    ).toBeNull();
    expect(press('j', { tagName: 'BUTTON', getAttribute: () => null, closest: () => ({}) })).toBeNull();
    expect(isTypingTarget(null)).toBe(false);
  });

  it('lets the keys work on a row’s selection box', () => {
    const checkbox: ElementLike = {
      tagName: 'INPUT',
      getAttribute: (n) => (n === 'type' ? 'checkbox' : null),
      closest: () => null,
    };
    expect(press('j', checkbox)).toBe('next');
    expect(
      press('j', { tagName: 'INPUT', getAttribute: (n) => (n === 'type' ? 'search' : null) }),
    ).toBeNull();
  });

  it('ignores keys that are not shortcuts', () => {
    expect(press('q')).toBeNull();
    expect(press('Enter')).toBeNull();
  });

  it('gives every action at least one key and no key to two actions', () => {
    const keys = shortcutActions.flatMap((action) => shortcutKeys[action]);
    expect(new Set(keys).size).toBe(keys.length);
    for (const action of shortcutActions) expect(shortcutKeys[action].length).toBeGreaterThan(0);
  });
});

describe('moveFocus', () => {
  it('starts at the first or last row and stays within the page', () => {
    expect(moveFocus(-1, 1, 5)).toBe(0);
    expect(moveFocus(-1, -1, 5)).toBe(4);
    expect(moveFocus(4, 1, 5)).toBe(4);
    expect(moveFocus(0, -1, 5)).toBe(0);
    expect(moveFocus(2, 1, 5)).toBe(3);
    expect(moveFocus(0, 1, 0)).toBe(-1);
  });
});

describe('bulk targets', () => {
  it('acts on the selection, or on the focused row when nothing is selected', () => {
    expect(actionTargets(new Set(['a', 'b']), 'c')).toEqual(['a', 'b']);
    expect(actionTargets(new Set(), 'c')).toEqual(['c']);
    expect(actionTargets(new Set(), null)).toEqual([]);
  });

  it('merges the selected incidents other than the survivor', () => {
    expect(mergeSources(new Set(['a', 'b', 'c']), 'b')).toEqual(['a', 'c']);
    expect(mergeSources(new Set(['a']), null)).toEqual([]);
  });
});

describe('keepSelection', () => {
  it('keeps the incidents still in the inbox selected and drops those that left', () => {
    const kept = keepSelection(new Set(['a', 'b', 'c']), new Set(['a', 'c', 'd']));
    expect([...kept]).toEqual(['a', 'c']);
    expect(keepSelection(new Set(['a']), new Set()).size).toBe(0);
  });
});
