import { z } from 'zod';
import { areaCodeSchema } from './areas.js';
import { cursorSchema, idSchema, timestampSchema } from './common.js';
import { domainSchema, incidentIdSchema, severitySchema, tlpSchema } from './incidents.js';

/**
 * What a notification is about. `mention` comes from comments; the others from the incident's own
 * changes. Clients show an unknown kind generically.
 */
export const notificationKinds = [
  'incident_created',
  'incident_escalated',
  'lead_assigned',
  'mention',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationSchema = z
  .object({
    id: idSchema,
    kind: z.string().describe(`What happened: ${notificationKinds.join(', ')} (more may come)`),
    incident: z
      .object({
        id: incidentIdSchema,
        title: z.string().describe('Current title'),
        tlp: tlpSchema,
        severity: z.number().int().describe('Current severity 1–5'),
      })
      .nullable()
      .describe('The incident, as the user may see it now; null when the notification is about none'),
    data: z
      .record(z.string(), z.unknown())
      .describe(
        'Details by kind: fromSeverity/toSeverity (incident_escalated), organisationId (lead_assigned), commentId (mention)',
      ),
    createdAt: timestampSchema,
    readAt: timestampSchema.nullable().describe('When the user marked it read; null while unread'),
  })
  .describe(
    'A notification for the signed-in user. One about an incident the user can no longer see is not listed',
  );
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = z.strictObject({
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30).describe('Page size'),
  unread: z.enum(['true', 'false']).optional().describe('true: only unread notifications'),
});
export type NotificationListQuery = z.input<typeof notificationListQuerySchema>;

export const notificationPageSchema = z.object({
  items: z.array(notificationSchema).describe('This page, newest first'),
  nextCursor: z.string().nullable().describe('Cursor of the next page, or null on the last'),
  unreadCount: z.number().int().describe('Unread notifications in all, not only on this page'),
});
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const markNotificationsReadSchema = z
  .union([
    z.strictObject({ ids: z.array(idSchema).min(1).max(500).describe('Notifications to mark read') }),
    z.strictObject({ all: z.literal(true).describe('Mark every notification read') }),
  ])
  .describe('Either { ids } or { all: true }');
export type MarkNotificationsRead = z.infer<typeof markNotificationsReadSchema>;

export const markNotificationsReadResultSchema = z.object({
  updated: z.number().int().describe('Notifications that were unread and now are read'),
  unreadCount: z.number().int().describe('Unread notifications left'),
});

export const notificationSettingsSchema = z
  .object({
    emailEnabled: z.boolean().describe('Send notifications by e-mail'),
    dailyDigest: z
      .boolean()
      .describe('Instead of one e-mail per notification, one summary every morning at 07:00 (Helsinki)'),
    emailAvailable: z.boolean().describe('Whether this instance can send e-mail at all (SMTP_URL is set)'),
  })
  .describe('How the signed-in user wants to be notified');
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const updateNotificationSettingsSchema = z.strictObject({
  emailEnabled: z.boolean().describe('Send notifications by e-mail'),
  dailyDigest: z.boolean().describe('One summary every morning instead of one e-mail per notification'),
});
export type UpdateNotificationSettings = z.infer<typeof updateNotificationSettingsSchema>;

export const subscriptionSchema = z
  .object({
    id: idSchema,
    electionId: idSchema.nullable().describe('Only incidents of this election; null: any election'),
    domains: z.array(domainSchema).describe('Only incidents in one of these domains; empty: any domain'),
    minSeverity: severitySchema.describe('Only incidents at least this severe'),
    areaCodes: z
      .array(areaCodeSchema)
      .describe('Only incidents in one of these areas (or an area inside them); empty: anywhere'),
    email: z.boolean().describe('Also by e-mail (subject to the notification settings)'),
    createdAt: timestampSchema,
  })
  .describe(
    'Notify me of new and escalated incidents that match; only incidents I may see are ever notified',
  );
export type Subscription = z.infer<typeof subscriptionSchema>;

export const createSubscriptionSchema = z.strictObject({
  electionId: idSchema.nullable().default(null).describe('Only this election; null or absent: any'),
  domains: z.array(domainSchema).max(4).default([]).describe('Any of these domains; empty: any domain'),
  minSeverity: severitySchema.default(1).describe('At least this severe'),
  areaCodes: z.array(areaCodeSchema).max(100).default([]).describe('Any of these areas; empty: anywhere'),
  email: z.boolean().default(true).describe('Also by e-mail'),
});
export type CreateSubscription = z.input<typeof createSubscriptionSchema>;

export const subscriptionListSchema = z.object({ items: z.array(subscriptionSchema) });
