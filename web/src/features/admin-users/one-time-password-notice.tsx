import { useTranslation } from 'react-i18next';
import { SecretValue } from '../../components/secret-value.js';

export const OneTimePasswordNotice = ({ email, password }: { email: string; password: string }) => {
  const { t } = useTranslation();
  return (
    <SecretValue label={t('users.oneTimePasswordFor', { email })} value={password} testId="one-time-password">
      <p>{t('users.oneTimePasswordExplained')}</p>
    </SecretValue>
  );
};
