import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/** After a client-side navigation, move focus to the new page's heading so screen readers announce it. */
export const useFocusOnNavigate = () => {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main [data-page-heading]');
    heading?.focus({ preventScroll: false });
  }, [pathname]);
};
