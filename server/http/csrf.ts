import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie sessions ride along on cross-site requests, so a state-changing request from a
 * browser must come from our own origin. Browsers always say where a request comes from
 * (Origin, Sec-Fetch-Site); clients that say neither are not browsers and carry no ambient
 * credentials an attacker could borrow. Bearer-token requests are not affected.
 */
export const registerCsrfProtection = (app: FastifyInstance, baseUrl: string): void => {
  const ownOrigin = new URL(baseUrl).origin;
  app.addHook('onRequest', async (request) => {
    if (safeMethods.has(request.method)) return;
    if (!request.url.startsWith('/api/')) return;
    if (request.headers.authorization && !request.headers.cookie) return;
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    if (origin !== undefined && origin !== ownOrigin) {
      throw new AppError('csrf_rejected', 'This request came from another site and was refused.');
    }
    if (origin === undefined && site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new AppError('csrf_rejected', 'This request came from another site and was refused.');
    }
  });
};
