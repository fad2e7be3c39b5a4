import type { TFunction } from 'i18next';

/** Known actions read as words; a newer action the interface does not know yet keeps its raw name. */
export const actionLabel = (t: TFunction, action: string): string => {
  const key = `audit.actions.${action}`;
  const label = t(key, { defaultValue: '' });
  return typeof label === 'string' && label !== '' && label !== key ? label : action;
};
