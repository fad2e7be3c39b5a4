import { canEdit, canSee } from '../../../shared/access/tlp.js';
import {
  MAX_MENTIONS,
  mentionedUserIds,
  mentionsAsText,
  type Comment,
  type CreateComment,
  type MentionableUser,
} from '../../../shared/contracts/collaboration.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Tx } from '../../db/connection.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import {
  loadEditableIncident,
  loadVisibleIncident,
  type IncidentAccessRow,
} from '../incidents/incident-access.js';
import { notifyUsers } from '../notifications/notify.js';
import {
  findComment,
  findUsersAsActors,
  insertComment,
  listComments,
  replaceMentions,
  softDeleteComment,
  updateCommentBody,
  type CommentRow,
} from './comment-queries.js';

const EXCERPT_LENGTH = 200;

const present = (row: CommentRow): Comment => ({
  id: row.id,
  author: {
    id: row.authorUserId,
    name: row.authorName,
    organisationShortName: row.authorOrganisationShortName,
  },
  body: row.deletedAt ? '' : row.body,
  mentionedUserIds: row.deletedAt ? [] : row.mentionedUserIds,
  createdAt: row.createdAt.toISOString(),
  editedAt: row.editedAt?.toISOString() ?? null,
  deletedAt: row.deletedAt?.toISOString() ?? null,
});

const excerpt = (body: string): string => {
  const text = mentionsAsText(body).replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
};

/**
 * The users a body mentions. Everyone mentioned must be able to see the incident, or the mention
 * (and its notification) would carry the incident's content to someone who may not read it.
 */
const checkMentions = async (tx: Tx, incident: IncidentAccessRow, body: string): Promise<string[]> => {
  const ids = mentionedUserIds(body);
  if (ids.length > MAX_MENTIONS)
    throw new AppError('validation_failed', `A comment can mention at most ${MAX_MENTIONS} people.`, [
      { path: 'body', message: 'Too many mentions.' },
    ]);
  const users = await findUsersAsActors(tx, { ids });
  const allowed = new Set(users.filter((user) => canSee(user, incident)).map((user) => user.userId));
  const refused = ids.filter((id) => !allowed.has(id));
  if (refused.length > 0)
    throw new AppError(
      'validation_failed',
      'A person you mentioned cannot see this incident; remove the mention or share the incident first.',
      refused.map((id) => ({ path: 'body', message: `User ${id} cannot see this incident.` })),
    );
  return ids;
};

/** Reporters read and answer comments on their own reports: visibility is the rule for reading. */
export const getComments = async (ctx: ServiceContext, incidentId: string): Promise<Comment[]> => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  return (await listComments(ctx.db, incident.id)).map(present);
};

/** Whoever may edit the incident may comment on it: analysts, coordinators, and a reporter on their own report. */
export const addComment = async (
  ctx: ServiceContext,
  incidentId: string,
  input: CreateComment,
): Promise<Comment> =>
  ctx.db.transaction().execute(async (tx) => {
    const incident = await loadEditableIncident(tx, ctx.actor, incidentId);
    if (incident.duplicateOfId)
      throw new AppError('conflict', 'This incident was merged into another one; comment there instead.');
    const mentions = await checkMentions(tx, incident, input.body);
    const { id } = await insertComment(tx, {
      incidentId: incident.id,
      authorUserId: ctx.actor.userId,
      body: input.body,
    });
    await replaceMentions(tx, id, mentions);
    await tx.updateTable('incidents').set({ updatedAt: ctx.now() }).where('id', '=', incident.id).execute();
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'comment_added',
      data: { commentId: id, mentionedUserIds: mentions },
    });
    await notifyUsers(tx, {
      userIds: mentions.filter((userId) => userId !== ctx.actor.userId),
      kind: 'mention',
      incidentId: incident.id,
      data: { commentId: id, excerpt: excerpt(input.body) },
    });
    return present((await findComment(tx, incident.id, id))!);
  });

const loadOwnComment = async (tx: Tx, ctx: ServiceContext, incidentId: string, commentId: string) => {
  const incident = await loadVisibleIncident(tx, ctx.actor, incidentId);
  const comment = await findComment(tx, incident.id, commentId);
  if (!comment || comment.deletedAt) throw new AppError('not_found', 'No such comment.');
  if (comment.authorUserId !== ctx.actor.userId)
    throw new AppError('forbidden', 'Only the author can change or delete a comment.');
  return { incident, comment };
};

export const editComment = async (
  ctx: ServiceContext,
  incidentId: string,
  commentId: string,
  input: CreateComment,
): Promise<Comment> =>
  ctx.db.transaction().execute(async (tx) => {
    const { incident, comment } = await loadOwnComment(tx, ctx, incidentId, commentId);
    const mentions = await checkMentions(tx, incident, input.body);
    const now = ctx.now();
    await updateCommentBody(tx, comment.id, input.body, now);
    await replaceMentions(tx, comment.id, mentions);
    await tx.updateTable('incidents').set({ updatedAt: now }).where('id', '=', incident.id).execute();
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'comment_edited',
      data: { commentId: comment.id, mentionedUserIds: mentions },
    });
    const before = new Set(comment.mentionedUserIds);
    await notifyUsers(tx, {
      userIds: mentions.filter((userId) => userId !== ctx.actor.userId && !before.has(userId)),
      kind: 'mention',
      incidentId: incident.id,
      data: { commentId: comment.id, excerpt: excerpt(input.body) },
    });
    return present((await findComment(tx, incident.id, comment.id))!);
  });

/** Deleting keeps the comment's place in the thread and removes its text. */
export const deleteComment = async (
  ctx: ServiceContext,
  incidentId: string,
  commentId: string,
): Promise<void> =>
  ctx.db.transaction().execute(async (tx) => {
    const { incident, comment } = await loadOwnComment(tx, ctx, incidentId, commentId);
    const now = ctx.now();
    await softDeleteComment(tx, comment.id, now);
    await replaceMentions(tx, comment.id, []);
    await tx.updateTable('incidents').set({ updatedAt: now }).where('id', '=', incident.id).execute();
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'comment_deleted',
      data: { commentId: comment.id },
    });
  });

/** People who can see the incident, by name, for the mention picker: names only. */
export const getMentionableUsers = async (
  ctx: ServiceContext,
  incidentId: string,
  q: string,
): Promise<MentionableUser[]> => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  if (!canEdit(ctx.actor, incident))
    throw new AppError('forbidden', 'Your role does not allow commenting here.');
  const users = await findUsersAsActors(ctx.db, { q, limit: 500 });
  return users
    .filter((user) => canSee(user, incident))
    .slice(0, 20)
    .map((user) => ({ id: user.userId, name: user.name, organisationShortName: user.organisationShortName }));
};
