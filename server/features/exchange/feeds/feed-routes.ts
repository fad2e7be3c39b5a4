import { z } from 'zod';
import {
  createPartnerFeedSchema,
  feedPollOutcomeSchema,
  partnerFeedListSchema,
  partnerFeedParamsSchema,
  partnerFeedSchema,
  partnerFeedsParamsSchema,
  updatePartnerFeedSchema,
} from '../../../../shared/contracts/exchange-feeds.js';
import { serviceContext, type AppDeps } from '../../../context.js';
import type { RouteApp } from '../../../http/zod-app.js';
import { createFeed, deleteFeed, getFeed, listFeeds, pollFeedNow, updateFeed } from './feed-service.js';

const tags = ['Exchange: partner feeds'];
const ACCESS = 'Coordinators of the agreement’s organisation.';
const base = '/api/v1/exchange/partners/:partnerId/feeds';

export const feedRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    base,
    {
      schema: {
        tags,
        summary: `The feeds polled from a partner (${ACCESS})`,
        params: partnerFeedsParamsSchema,
        response: { 200: partnerFeedListSchema },
      },
    },
    async (request) => ({
      items: await listFeeds(serviceContext(deps, request), request.params.partnerId),
    }),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: `Add a TAXII 2.1 or MISP feed of a partner (${ACCESS})`,
        params: partnerFeedsParamsSchema,
        body: createPartnerFeedSchema,
        response: { 201: partnerFeedSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createFeed(serviceContext(deps, request), request.params.partnerId, request.body)),
  );
  app.get(
    `${base}/:feedId`,
    {
      schema: {
        tags,
        summary: `One feed and the state of its polling (${ACCESS})`,
        params: partnerFeedParamsSchema,
        response: { 200: partnerFeedSchema },
      },
    },
    async (request) =>
      getFeed(serviceContext(deps, request), request.params.partnerId, request.params.feedId),
  );
  app.patch(
    `${base}/:feedId`,
    {
      schema: {
        tags,
        summary: `Change a feed (${ACCESS})`,
        params: partnerFeedParamsSchema,
        body: updatePartnerFeedSchema,
        response: { 200: partnerFeedSchema },
      },
    },
    async (request) =>
      updateFeed(
        serviceContext(deps, request),
        request.params.partnerId,
        request.params.feedId,
        request.body,
      ),
  );
  app.delete(
    `${base}/:feedId`,
    {
      schema: {
        tags,
        summary: `Remove a feed; what it imported stays (${ACCESS})`,
        params: partnerFeedParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteFeed(serviceContext(deps, request), request.params.partnerId, request.params.feedId);
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${base}/:feedId/poll`,
    {
      schema: {
        tags,
        summary: `Poll a feed now and answer the outcome; a failed poll is an outcome, recorded on the feed (${ACCESS})`,
        params: partnerFeedParamsSchema,
        response: { 200: feedPollOutcomeSchema },
      },
    },
    async (request) =>
      pollFeedNow(
        serviceContext(deps, request),
        request.params.partnerId,
        request.params.feedId,
        deps.config.feedPrivateNetworks,
      ),
  );
};
