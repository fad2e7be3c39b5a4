import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.js';
import './feedback.css';

export const CopyButton = ({ value, label }: { value: string; label?: string }) => {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="copy-button">
      <Button size="small" onPress={() => void copy()}>
        {label ?? t('common.copy')}
      </Button>
      <span role="status" className="copy-button__status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
};
