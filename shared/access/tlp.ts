import { can, isReporterOnly, type Actor } from './roles.js';

export const tlpLevels = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof tlpLevels)[number];

const rank: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

export const compareTlp = (a: Tlp, b: Tlp): number => rank[a] - rank[b];
export const strictestTlp = (levels: readonly Tlp[]): Tlp =>
  levels.reduce<Tlp>((max, level) => (rank[level] > rank[max] ? level : max), 'clear');

export interface SharingLists {
  organisations: readonly string[];
  communities: readonly string[];
  users: readonly string[];
}

/** Any record that can be shared: incidents, reports, comments' parents, and so on. */
export interface Shareable {
  tlp: Tlp;
  ownerOrganisationId: string;
  authorUserId: string;
  sharedWith: SharingLists;
}

const intersects = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));

/** The TLP 2.0 table of PRODUCT.md, before role restrictions. */
const tlpAllows = (actor: Actor, record: Shareable): boolean => {
  const inOwner = actor.organisationId === record.ownerOrganisationId;
  const inSharedOrganisation = record.sharedWith.organisations.includes(actor.organisationId);
  switch (record.tlp) {
    case 'clear':
      return true;
    case 'green':
      return inOwner || inSharedOrganisation || intersects(actor.communityIds, record.sharedWith.communities);
    case 'amber':
    case 'amber+strict':
      return inOwner || inSharedOrganisation;
    case 'red':
      return record.sharedWith.users.includes(actor.userId);
  }
};

/**
 * The one answer to "may this actor see this record?". The SQL scope in
 * server/access/visibility-scope.ts must agree with it; a property test holds them together.
 */
export const canSee = (actor: Actor, record: Shareable): boolean => {
  if (!can(actor, 'content.read')) return false;
  if (record.authorUserId === actor.userId) return true;
  if (!tlpAllows(actor, record)) return false;
  if (!isReporterOnly(actor)) return true;
  return (
    record.tlp === 'clear' ||
    record.sharedWith.users.includes(actor.userId) ||
    record.sharedWith.organisations.includes(actor.organisationId)
  );
};

export const canEdit = (actor: Actor, record: Shareable): boolean =>
  canSee(actor, record) &&
  (can(actor, 'content.edit') || (record.authorUserId === actor.userId && can(actor, 'content.create')));

const widens = (before: readonly string[], after: readonly string[]): boolean =>
  after.some((id) => !before.includes(id));

/**
 * Anyone who can see a record may raise its marking; only the owning organisation may lower it
 * or widen a sharing list. A record may name steward organisations that act for the owner here:
 * an incident's lead authority decides, with the owner, who needs to know.
 */
export const canChangeMarking = (
  actor: Actor,
  record: Shareable,
  next: { tlp: Tlp; sharedWith: SharingLists },
  options: { stewardOrganisationIds?: readonly string[] } = {},
): boolean => {
  if (!canSee(actor, record)) return false;
  const lowers = compareTlp(next.tlp, record.tlp) < 0;
  const widensLists =
    widens(record.sharedWith.organisations, next.sharedWith.organisations) ||
    widens(record.sharedWith.communities, next.sharedWith.communities) ||
    widens(record.sharedWith.users, next.sharedWith.users);
  if (!lowers && !widensLists) return true;
  const actsForOwner =
    actor.organisationId === record.ownerOrganisationId ||
    (options.stewardOrganisationIds ?? []).includes(actor.organisationId);
  return actsForOwner && canEdit(actor, record);
};

/**
 * May the readers of an organisation see a record, by their organisation alone? Used where a
 * record goes to organisations rather than to people (a situation report's distribution list): red
 * is for named people only, so it never reaches an organisation as such.
 */
export const organisationCanSee = (
  organisation: { organisationId: string; communityIds: readonly string[] },
  record: Omit<Shareable, 'authorUserId'>,
): boolean =>
  record.tlp !== 'red' &&
  tlpAllows(
    {
      userId: '',
      organisationId: organisation.organisationId,
      roles: [],
      communityIds: organisation.communityIds,
    },
    {
      ...record,
      authorUserId: '',
    },
  );
