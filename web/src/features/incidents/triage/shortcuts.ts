/** The triage inbox's keyboard shortcuts: one table drives both the key handling and the help dialog. */

export const shortcutActions = [
  'next',
  'previous',
  'toggleSelect',
  'setStatus',
  'setSeverity',
  'assignLead',
  'mergeIntoFocused',
  'open',
  'help',
] as const;
export type ShortcutAction = (typeof shortcutActions)[number];

export const shortcutKeys: Record<ShortcutAction, readonly string[]> = {
  next: ['j'],
  previous: ['k'],
  toggleSelect: ['x'],
  setStatus: ['s'],
  setSeverity: ['e'],
  assignLead: ['a'],
  mergeIntoFocused: ['m'],
  open: ['o'],
  help: ['?'],
};

const byKey = new Map<string, ShortcutAction>(
  shortcutActions.flatMap((action) => shortcutKeys[action].map((key) => [key, action] as const)),
);

export interface ElementLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
  closest?: (selector: string) => unknown;
}

const typingRoles = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton', 'slider']);
const typingTags = new Set(['TEXTAREA', 'SELECT']);
const nonTypingInputs = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Keys typed into a field belong to the field, and a dialog's keys to the dialog. */
export const isTypingTarget = (target: ElementLike | null | undefined): boolean => {
  if (!target) return false;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'INPUT') {
    // A checkbox or a button takes no text: the row's selection box must not swallow j and k.
    const type = (target.getAttribute?.('type') ?? 'text').toLowerCase();
    if (!nonTypingInputs.has(type)) return true;
  } else if (tag && typingTags.has(tag)) return true;
  if (target.isContentEditable) return true;
  const role = target.getAttribute?.('role');
  if (role && typingRoles.has(role)) return true;
  // A select's button answers letters with type-ahead; a dialog, menu or list box has keys of its own.
  return Boolean(
    target.closest?.(
      '[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"], [aria-haspopup="listbox"]',
    ),
  );
};

export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: ElementLike | null;
}

/**
 * The action a key press asks for, or null. Modified keys stay with the browser and assistive
 * technology (Ctrl+S, Alt+J …); Shift is allowed because `?` needs it on most layouts.
 */
export const shortcutFor = (event: KeyEventLike): ShortcutAction | null => {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  return byKey.get(event.key.length === 1 ? event.key.toLowerCase() : event.key) ?? null;
};

/** The focused row after moving by delta, staying on the page's rows. */
export const moveFocus = (current: number, delta: number, length: number): number => {
  if (length === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
};

/** The ids a bulk action applies to: the selection, or the focused row when nothing is selected. */
export const actionTargets = (selected: ReadonlySet<string>, focusedId: string | null): string[] =>
  selected.size > 0 ? [...selected] : focusedId ? [focusedId] : [];

/** Merging needs a survivor (the focused row) and at least one other selected incident. */
export const mergeSources = (selected: ReadonlySet<string>, survivorId: string | null): string[] =>
  survivorId ? [...selected].filter((id) => id !== survivorId) : [];

/**
 * The selection after a bulk action: the incidents still in the inbox stay selected, so that the
 * next action applies to them too; those the action moved out of the inbox (or merged) leave it.
 */
export const keepSelection = (
  selected: ReadonlySet<string>,
  inboxIds: ReadonlySet<string>,
): ReadonlySet<string> => new Set([...selected].filter((id) => inboxIds.has(id)));
