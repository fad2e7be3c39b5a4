import { z } from 'zod';
import { idParamsSchema } from '../../../shared/contracts/common.js';
import {
  createSubscriptionSchema,
  markNotificationsReadResultSchema,
  markNotificationsReadSchema,
  notificationListQuerySchema,
  notificationPageSchema,
  notificationSettingsSchema,
  subscriptionListSchema,
  subscriptionSchema,
  updateNotificationSettingsSchema,
} from '../../../shared/contracts/notifications.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  createSubscription,
  getNotifications,
  getNotificationSettings,
  getSubscriptions,
  markNotificationsRead,
  removeSubscription,
  updateNotificationSettings,
} from './notification-service.js';

const tags = ['Notifications'];

export const notificationRoutes = (app: RouteApp, deps: AppDeps): void => {
  const emailAvailable = deps.config.smtpUrl !== undefined;

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first, with the unread count',
        querystring: notificationListQuerySchema,
        response: { 200: notificationPageSchema },
      },
    },
    async (request) => getNotifications(serviceContext(deps, request), request.query),
  );
  app.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark some or all of my notifications read',
        body: markNotificationsReadSchema,
        response: { 200: markNotificationsReadResultSchema },
      },
    },
    async (request) => markNotificationsRead(serviceContext(deps, request), request.body),
  );
  app.get(
    '/api/v1/notifications/settings',
    {
      schema: { tags, summary: 'My notification settings', response: { 200: notificationSettingsSchema } },
    },
    async (request) => getNotificationSettings(serviceContext(deps, request), emailAvailable),
  );
  app.put(
    '/api/v1/notifications/settings',
    {
      schema: {
        tags,
        summary: 'Change my notification settings',
        body: updateNotificationSettingsSchema,
        response: { 200: notificationSettingsSchema },
      },
    },
    async (request) =>
      updateNotificationSettings(serviceContext(deps, request), request.body, emailAvailable),
  );
  app.get(
    '/api/v1/subscriptions',
    {
      config: { permission: 'content.read' },
      schema: { tags, summary: 'My subscriptions', response: { 200: subscriptionListSchema } },
    },
    async (request) => ({ items: await getSubscriptions(serviceContext(deps, request)) }),
  );
  app.post(
    '/api/v1/subscriptions',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'Subscribe to new and escalated incidents that match',
        body: createSubscriptionSchema,
        response: { 201: subscriptionSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSubscription(serviceContext(deps, request), request.body)),
  );
  app.delete(
    '/api/v1/subscriptions/:id',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'Delete one of my subscriptions',
        params: idParamsSchema,
        response: { 204: z.undefined().describe('Deleted') },
      },
    },
    async (request, reply) => {
      await removeSubscription(serviceContext(deps, request), request.params.id);
      return reply.status(204).send();
    },
  );
};
