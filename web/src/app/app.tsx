import { useState } from 'react';
import { AppRoutes } from './app-routes.js';
import { Providers } from './providers.js';
import { createQueryClient } from './query-client.js';
import { SessionEvents } from './session-events.js';

export const App = () => {
  const [queryClient] = useState(createQueryClient);
  return (
    <Providers queryClient={queryClient}>
      <SessionEvents />
      <AppRoutes />
    </Providers>
  );
};
