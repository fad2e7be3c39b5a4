import type { Key } from 'react';
import { ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '../../../shared/contracts/locales.js';
import { changeLocale, isLocale, languageNames, useLocale } from '../lib/i18n.js';
import { useMe } from '../lib/session.js';
import { useUpdateMe } from '../lib/update-me.js';

export const LanguageSwitch = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data: me } = useMe();
  const updateMe = useUpdateMe();

  const choose = (next: Locale) => {
    if (next === locale) return;
    void changeLocale(next);
    if (me && !me.restriction) updateMe.mutate({ locale: next });
  };

  return (
    <ToggleButtonGroup
      className="language-switch"
      aria-label={t('layout.language')}
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={[locale]}
      onSelectionChange={(keys: Set<Key>) => {
        const [next] = [...keys];
        if (isLocale(next)) choose(next);
      }}
    >
      {locales.map((code) => (
        <ToggleButton key={code} id={code} className="language-switch__option" lang={code}>
          {languageNames[code]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
};
