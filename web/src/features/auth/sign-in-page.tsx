import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Banner } from '../../components/banner.js';
import { usePageTitle } from '../../lib/use-page-title.js';
import {
  clearUserData,
  fetchMe,
  landingPath,
  meQueryKey,
  restrictionPath,
  safeNextPath,
  useMe,
} from '../../lib/session.js';
import { CredentialsForm } from './credentials-form.js';
import { TotpForm } from './totp-form.js';

const reasons = ['expired', 'signed_out', 'signed_out_everywhere', 'password_changed'] as const;

export const SignInPage = () => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<'credentials' | 'totp'>('credentials');
  const { data: me } = useMe();
  const next = safeNextPath(params.get('next'));
  const reason = reasons.find((candidate) => candidate === params.get('reason'));
  usePageTitle(step === 'totp' ? t('signIn.totpTitle') : t('signIn.title'));

  const finish = async () => {
    clearUserData(queryClient);
    const signedIn = await queryClient.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 0 });
    if (!signedIn) return;
    void navigate(restrictionPath(signedIn) ?? next ?? landingPath(signedIn), { replace: true });
  };

  if (me && step === 'credentials')
    return <Navigate to={restrictionPath(me) ?? next ?? landingPath(me)} replace />;

  return (
    <div className="auth-card">
      <h1 className="auth-card__title" tabIndex={-1} data-page-heading="">
        {step === 'totp' ? t('signIn.totpTitle') : t('signIn.title')}
      </h1>
      <p className="auth-card__lead">{t('signIn.lead')}</p>
      {reason && step === 'credentials' ? (
        <Banner tone={reason === 'expired' ? 'warning' : 'info'}>{t(`signIn.reason.${reason}`)}</Banner>
      ) : null}
      {step === 'credentials' ? (
        <CredentialsForm
          onDone={(result) => {
            if (result.twoFactorRedirect) setStep('totp');
            else void finish();
          }}
        />
      ) : (
        <TotpForm onDone={() => void finish()} onRestart={() => setStep('credentials')} />
      )}
    </div>
  );
};
