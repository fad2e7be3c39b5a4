import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import { signInWithEmail, type SignInResult } from './auth-api.js';

export const CredentialsForm = ({ onDone }: { onDone: (result: SignInResult) => void }) => {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({ mutationFn: signInWithEmail, onSuccess: onDone });
  return (
    <Form
      className="stack"
      validationErrors={fieldErrors(t, signIn.error)}
      onSubmit={(event) => {
        event.preventDefault();
        signIn.mutate({ email: email.trim(), password });
      }}
    >
      <ErrorBanner error={signIn.error} />
      <TextField
        label={t('signIn.email')}
        name="email"
        type="email"
        autoComplete="username"
        isRequired
        value={email}
        onChange={setEmail}
        autoFocus
      />
      <TextField
        label={t('signIn.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        isRequired
        value={password}
        onChange={setPassword}
      />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={signIn.isPending}>
          {t('signIn.submit')}
        </Button>
      </div>
    </Form>
  );
};
