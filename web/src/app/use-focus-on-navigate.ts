import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

const focusHeading = (): boolean => {
  const heading = document.querySelector<HTMLElement>('main [data-page-heading]');
  heading?.focus({ preventScroll: false });
  return heading !== null;
};

/**
 * After a client-side navigation, move focus to the new page's heading so screen readers announce it.
 * A page still loading (a lazily loaded chunk) brings its heading a moment later: wait for it, unless
 * the user moves focus meanwhile.
 */
export const useFocusOnNavigate = () => {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.querySelector('main');
    if (focusHeading() || !main) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) stop();
    });
    const stop = () => {
      observer.disconnect();
      document.removeEventListener('focusin', stop);
    };
    observer.observe(main, { childList: true, subtree: true });
    document.addEventListener('focusin', stop);
    return stop;
  }, [pathname]);
};
