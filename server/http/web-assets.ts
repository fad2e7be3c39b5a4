import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { sendError } from './errors.js';

/**
 * Serves the built React app. Unknown paths that a browser navigates to get index.html, so that
 * client-side routes survive a reload; unknown API paths get a JSON 404.
 */
export const registerWebAssets = async (app: FastifyInstance, webDir: string): Promise<void> => {
  const indexFile = path.join(webDir, 'index.html');
  const hasWeb = fs.existsSync(indexFile);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      setHeaders(res, file) {
        res.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    const isApi =
      url.startsWith('/api/') || url === '/api' || url.startsWith('/taxii2') || url.startsWith('/metrics');
    if (
      !isApi &&
      hasWeb &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !path.extname(url.split('?')[0] ?? '')
    ) {
      reply.header('cache-control', 'no-cache');
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(indexFile));
    }
    return sendError(reply, request, 'not_found', 'No such resource.');
  });
};
