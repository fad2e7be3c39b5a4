import { z } from 'zod';
import {
  commentListSchema,
  commentParamsSchema,
  commentSchema,
  createCommentSchema,
  mentionableUserListSchema,
  mentionableUsersQuerySchema,
  updateCommentSchema,
} from '../../../shared/contracts/collaboration.js';
import { incidentParamsSchema } from '../../../shared/contracts/incidents.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  addComment,
  deleteComment,
  editComment,
  getComments,
  getMentionableUsers,
} from './comment-service.js';

const tags = ['Comments'];

export const commentRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/incidents/:id/comments',
    {
      schema: {
        tags,
        summary: "An incident's comments, oldest first (deleted ones without their text)",
        params: incidentParamsSchema,
        response: { 200: commentListSchema },
      },
    },
    async (request) => ({ items: await getComments(serviceContext(deps, request), request.params.id) }),
  );
  app.post(
    '/api/v1/incidents/:id/comments',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Comment on an incident; mention people with @[Name](user:<uuid>)',
        params: incidentParamsSchema,
        body: createCommentSchema,
        response: { 201: commentSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addComment(serviceContext(deps, request), request.params.id, request.body)),
  );
  app.patch(
    '/api/v1/incidents/:id/comments/:commentId',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Edit your comment',
        params: commentParamsSchema,
        body: updateCommentSchema,
        response: { 200: commentSchema },
      },
    },
    async (request) =>
      editComment(serviceContext(deps, request), request.params.id, request.params.commentId, request.body),
  );
  app.delete(
    '/api/v1/incidents/:id/comments/:commentId',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Delete your comment (its place in the thread stays, its text goes)',
        params: commentParamsSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await deleteComment(serviceContext(deps, request), request.params.id, request.params.commentId);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/v1/incidents/:id/mentionable-users',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'People who can see the incident, for mentions (names only)',
        params: incidentParamsSchema,
        querystring: mentionableUsersQuerySchema,
        response: { 200: mentionableUserListSchema },
      },
    },
    async (request) => ({
      items: await getMentionableUsers(serviceContext(deps, request), request.params.id, request.query.q),
    }),
  );
};
