import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nProvider, RouterProvider } from 'react-aria-components';
import { BrowserRouter, useHref, useNavigate } from 'react-router';
import { localeTags, useLocale } from '../lib/i18n.js';

const AriaProviders = ({ children }: { children: ReactNode }) => {
  const navigate = useNavigate();
  const locale = useLocale();
  return (
    <RouterProvider navigate={(path) => void navigate(path)} useHref={useHref}>
      <I18nProvider locale={localeTags[locale]}>{children}</I18nProvider>
    </RouterProvider>
  );
};

export const Providers = ({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) => (
  <QueryClientProvider client={queryClient}>
    <BrowserRouter>
      <AriaProviders>{children}</AriaProviders>
    </BrowserRouter>
  </QueryClientProvider>
);
