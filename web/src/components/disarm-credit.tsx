import { useTranslation } from 'react-i18next';

/**
 * CC BY-SA 4.0 asks for the attribution wherever DISARM content appears; `withNote` adds what the
 * licence means for what we pass on (the matrix page). Styled by the features' `.intel-credit`.
 */
export const DisarmCredit = ({ withNote = false }: { withNote?: boolean }) => {
  const { t } = useTranslation();
  return (
    <p className="intel-credit">
      {t('intel.disarm.attribution')}{' '}
      <a href="https://github.com/DISARMFoundation/DISARMframeworks" rel="noreferrer" target="_blank">
        DISARM Foundation
      </a>
      {', '}
      <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="noreferrer license" target="_blank">
        CC BY-SA 4.0
      </a>
      {withNote ? (
        <>
          {'. '}
          {t('intel.disarm.attributionNote')}
        </>
      ) : null}
    </p>
  );
};
