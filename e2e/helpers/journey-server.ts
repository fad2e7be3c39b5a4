export interface JourneyServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export const adminEmail = 'admin@example.test';
export const adminPassword = 'correct-horse-battery';

/** The demo community's password (server/features/bootstrap/demo-seed.ts). */
export const demoPassword = 'vaalivahti-demo';

/**
 * The real server with a fresh database, or, when VAALIVAHTI_E2E_URL is set, a server already
 * running with the same admin account (useful while developing the journeys). `demo` loads the
 * demo community (`npm run demo`): its organisations, accounts and incidents.
 */
export const startJourneyServer = async (options: { demo?: boolean } = {}): Promise<JourneyServer> => {
  const existing = process.env.VAALIVAHTI_E2E_URL;
  if (existing) return { baseUrl: existing.replace(/\/$/, ''), stop: async () => undefined };
  const { startTestServer } = await import('../../test/helpers/server.js');
  const server = await startTestServer({
    adminEmail,
    adminPassword,
    demo: options.demo === true,
    // The exchange journey reads its own TAXII collection as a partner's feed, on the loopback address.
    env: { FEED_PRIVATE_NETWORKS: '127.0.0.1' },
  });
  return {
    baseUrl: server.baseUrl,
    stop: async () => {
      await server.dispose();
    },
  };
};
