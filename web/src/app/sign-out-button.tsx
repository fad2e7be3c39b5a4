import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../components/button.js';
import { signOut } from '../lib/session.js';

export const SignOutButton = () => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const run = async () => {
    setPending(true);
    try {
      await signOut(queryClient);
    } catch {
      // Signing out of a session that already ended is still signing out.
    } finally {
      setPending(false);
      void navigate('/sign-in?reason=signed_out', { replace: true });
    }
  };
  return (
    <Button variant="quiet" size="small" onPress={() => void run()} isPending={pending}>
      {t('layout.signOut')}
    </Button>
  );
};
