import {
  createProposalSchema,
  currentThreatLevelsSchema,
  decideProposalSchema,
  electionsOverviewSchema,
  historyPageSchema,
  historyQuerySchema,
  overviewQuerySchema,
  proposalListQuerySchema,
  proposalPageSchema,
  proposalParamsSchema,
  proposalSchema,
  setThreatLevelSchema,
  threatLevelEntrySchema,
  threatLevelParamsSchema,
} from '../../../shared/contracts/threat-levels.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { getElectionsOverview } from './elections-overview.js';
import {
  decideProposal,
  getCurrentThreatLevels,
  getProposals,
  getThreatLevelHistory,
  proposeThreatLevel,
  setThreatLevel,
} from './threat-level-service.js';

const tags = ['Threat levels'];
const VISIBILITY =
  'Threat levels are group-level assessments, not TLP-marked: every user who may read content sees them; an admin-only account gets 403.';

export const threatLevelRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/elections/overview',
    {
      config: { permission: 'content.read' },
      schema: {
        tags: ['Elections'],
        summary: 'Every election with its dates, peak threat levels and counts of the incidents you may see',
        description: 'Incident counts include only incidents the caller may see. ' + VISIBILITY,
        querystring: overviewQuerySchema,
        response: { 200: electionsOverviewSchema },
      },
    },
    async (request) => getElectionsOverview(serviceContext(deps, request)),
  );
  app.get(
    '/api/v1/elections/:id/threat-levels',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'The current threat level per domain, with its trend and rationale',
        description: VISIBILITY,
        params: threatLevelParamsSchema,
        response: { 200: currentThreatLevelsSchema },
      },
    },
    async (request) => getCurrentThreatLevels(deps, request.params.id),
  );
  app.get(
    '/api/v1/elections/:id/threat-levels/history',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'Every threat level set for the election, newest first',
        description: VISIBILITY,
        params: threatLevelParamsSchema,
        querystring: historyQuerySchema,
        response: { 200: historyPageSchema },
      },
    },
    async (request) => getThreatLevelHistory(deps, request.params.id, request.query),
  );
  app.post(
    '/api/v1/elections/:id/threat-levels',
    {
      config: { permission: 'threat_level.set' },
      schema: {
        tags,
        summary: 'Set the threat level of a domain, with a rationale (coordinator)',
        description: 'Notifies the users subscribed to the election and domain. ' + VISIBILITY,
        params: threatLevelParamsSchema,
        body: setThreatLevelSchema,
        response: { 201: threatLevelEntrySchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await setThreatLevel(serviceContext(deps, request), request.params.id, request.body)),
  );
  app.get(
    '/api/v1/elections/:id/threat-level-proposals',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'Proposed threat levels of the election, newest first',
        description: VISIBILITY,
        params: threatLevelParamsSchema,
        querystring: proposalListQuerySchema,
        response: { 200: proposalPageSchema },
      },
    },
    async (request) => getProposals(deps, request.params.id, request.query),
  );
  app.post(
    '/api/v1/elections/:id/threat-level-proposals',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Propose a threat level, with a rationale (analyst or coordinator)',
        description: VISIBILITY,
        params: threatLevelParamsSchema,
        body: createProposalSchema,
        response: { 201: proposalSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await proposeThreatLevel(serviceContext(deps, request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/threat-level-proposals/:id/decision',
    {
      config: { permission: 'threat_level.set' },
      schema: {
        tags,
        summary: 'Accept (setting the level) or reject (with a reason) a pending proposal (coordinator)',
        description: 'A proposal is decided once: a second decision answers 409. The proposer is notified.',
        params: proposalParamsSchema,
        body: decideProposalSchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => decideProposal(serviceContext(deps, request), request.params.id, request.body),
  );
};
