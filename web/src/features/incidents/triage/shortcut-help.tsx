import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../../../components/dialog.js';
import { shortcutActions, shortcutKeys } from './shortcuts.js';

export const ShortcutHelp = ({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <ModalDialog title={t('triage.shortcuts.title')} isOpen={isOpen} onClose={onClose}>
      <div className="stack">
        <p>{t('triage.shortcuts.intro')}</p>
        <table className="table shortcut-table">
          <caption className="visually-hidden">{t('triage.shortcuts.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('triage.shortcuts.key')}</th>
              <th scope="col">{t('triage.shortcuts.action')}</th>
            </tr>
          </thead>
          <tbody>
            {shortcutActions.map((action) => (
              <tr key={action}>
                <td>
                  {shortcutKeys[action].map((key) => (
                    <kbd key={key}>{key}</kbd>
                  ))}
                </td>
                <td>{t(`triage.shortcuts.actions.${action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">{t('triage.shortcuts.notInFields')}</p>
      </div>
    </ModalDialog>
  );
};
