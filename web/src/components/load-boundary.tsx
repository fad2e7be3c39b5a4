import { Component, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from './banner.js';
import { Button } from './button.js';
import { Loading } from './loading.js';

const LoadFailed = () => {
  const { t } = useTranslation();
  return (
    <Banner tone="error">
      <p>{t('errors.loadFailed')}</p>
      <div className="actions">
        <Button onPress={() => window.location.reload()}>{t('common.reload')}</Button>
      </div>
    </Banner>
  );
};

interface State {
  failed: boolean;
}

/**
 * Shows Loading while a lazily loaded part of the app arrives, and a way out if it never does (for
 * example an old tab asking for a chunk an update has replaced) instead of a blank page.
 * A new resetKey (the path) clears the failure, so the user can go elsewhere.
 */
export class LoadBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidUpdate(previous: { resetKey?: string }) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render() {
    if (this.state.failed) return <LoadFailed />;
    return <Suspense fallback={<Loading />}>{this.props.children}</Suspense>;
  }
}
