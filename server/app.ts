import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { LoggerOptions } from 'pino';
import type { AppDeps } from './context.js';
import { auditRoutes } from './features/audit/audit-routes.js';
import { areaRoutes } from './features/areas/area-routes.js';
import { authRoutes } from './features/auth/auth-routes.js';
import { communityRoutes } from './features/communities/community-routes.js';
import { electionRoutes } from './features/elections/election-routes.js';
import { directoryRoutes } from './features/directory/directory-routes.js';
import { incidentRoutes } from './features/incidents/incident-routes.js';
import { healthRoutes } from './features/health/health-routes.js';
import { disarmRoutes } from './features/disarm/disarm-routes.js';
import { narrativeRoutes } from './features/narratives/narrative-routes.js';
import { observableRoutes } from './features/observables/observable-routes.js';
import { meRoutes } from './features/me/me-routes.js';
import { organisationRoutes } from './features/organisations/organisation-routes.js';
import { streamRoutes } from './features/stream/stream-routes.js';
import { userRoutes } from './features/users/user-routes.js';
import { attachmentRoutes } from './features/attachments/attachment-routes.js';
import { commentRoutes } from './features/comments/comment-routes.js';
import { corroborationRoutes } from './features/corroborations/corroboration-routes.js';
import { linkRoutes } from './features/links/link-routes.js';
import { notificationRoutes } from './features/notifications/notification-routes.js';
import { threatLevelRoutes } from './features/threat-levels/threat-level-routes.js';
import { situationRoutes } from './features/situation/situation-routes.js';
import { sitrepWorkflowRoutes } from './features/sitreps/sitrep-workflow-routes.js';
import { sitrepRoutes } from './features/sitreps/sitrep-routes.js';
import { sitrepTemplateRoutes } from './features/sitreps/template-routes.js';
import { sitrepExportRoutes } from './features/sitreps/sitrep-export-routes.js';
import { stixExportRoutes } from './features/exchange/stix-export-routes.js';
import { exchangeImportRoutes } from './features/exchange/import/exchange-import-routes.js';
import { mispRoutes } from './features/exchange/misp/misp-routes.js';
import { feedRoutes } from './features/exchange/feeds/feed-routes.js';
import { partnerRoutes } from './features/exchange/partners/partner-routes.js';
import { releaseRoutes } from './features/exchange/releases/release-routes.js';
import { registerTaxiiServer } from './features/exchange/taxii/taxii-routes.js';
import { registerActorResolution } from './http/actor.js';
import { registerCsrfProtection } from './http/csrf.js';
import { registerErrorHandling } from './http/errors.js';
import { registerJsonBodyParser, registerQueryTextCheck } from './http/json-body.js';
import { registerMetrics } from './http/metrics.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerWebAssets } from './http/web-assets.js';
import { zodApp } from './http/zod-app.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface BuildOptions {
  logger: LoggerOptions | false;
  webDir: string;
  version: string;
}

/** The HTTP application: plugins in order, then every feature's routes. */
export const buildApp = async (deps: AppDeps, options: BuildOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { ...options.logger, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: deps.config.trustProxy,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  registerJsonBodyParser(app);
  registerQueryTextCheck(app);
  // Public routes need no credentials; say so in OpenAPI instead of inheriting the global requirement.
  app.addHook('onRoute', (route) => {
    if ((route.config as { auth?: string } | undefined)?.auth === 'public' && route.schema) {
      route.schema = { ...route.schema, security: [] } as typeof route.schema;
    }
  });
  await registerSecurityHeaders(app, deps.config.baseUrl.startsWith('https://'));
  const registry = registerMetrics(app, deps.pool);
  registerCsrfProtection(app, deps.config.baseUrl);
  await registerActorResolution(app, deps);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vaalivahti API',
        version: options.version,
        description:
          'The situation picture of threats to elections. Sign in with POST /api/v1/auth/sign-in/email (session cookie) or send a personal API token as `Authorization: Bearer <token>`. Errors are `{ code, message, requestId }`.',
      },
      servers: [{ url: deps.config.baseUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vaalivahti.session_token' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: true },
    uiHooks: {},
  });

  const routes = zodApp(app);
  routes.get('/api/v1/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  healthRoutes(routes, deps, registry, options.version);
  authRoutes(routes, deps);
  meRoutes(routes, deps);
  organisationRoutes(routes, deps);
  communityRoutes(routes, deps);
  userRoutes(routes, deps);
  auditRoutes(routes, deps);
  streamRoutes(routes, deps);
  electionRoutes(routes, deps);
  areaRoutes(routes, deps);
  observableRoutes(routes, deps);
  disarmRoutes(routes, deps);
  narrativeRoutes(routes, deps);
  incidentRoutes(routes, deps);
  directoryRoutes(routes, deps);
  linkRoutes(routes, deps);
  corroborationRoutes(routes, deps);
  commentRoutes(routes, deps);
  attachmentRoutes(routes, deps);
  notificationRoutes(routes, deps);
  threatLevelRoutes(routes, deps);
  situationRoutes(routes, deps);
  sitrepWorkflowRoutes(routes, deps);
  sitrepRoutes(routes, deps);
  sitrepTemplateRoutes(routes, deps);
  sitrepExportRoutes(routes, deps);
  stixExportRoutes(routes, deps);
  exchangeImportRoutes(routes, deps);
  mispRoutes(routes, deps);
  feedRoutes(routes, deps);
  partnerRoutes(routes, deps);
  releaseRoutes(routes, deps);
  await registerTaxiiServer(app, deps);

  await registerWebAssets(app, options.webDir);
  return app;
};
