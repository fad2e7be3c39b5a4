export const roles = ['admin', 'coordinator', 'analyst', 'reporter', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** Roles that read content. `admin` is deliberately absent: administering accounts grants no access to content. */
export const contentRoles: readonly Role[] = ['coordinator', 'analyst', 'reporter', 'viewer'];

export const permissions = {
  'admin.manage': ['admin'],
  'audit.read': ['admin'],
  'content.read': ['coordinator', 'analyst', 'reporter', 'viewer'],
  'content.create': ['coordinator', 'analyst', 'reporter'],
  'content.edit': ['coordinator', 'analyst'],
  'threat_level.set': ['coordinator'],
  'sitrep.approve': ['coordinator'],
  'election.manage': ['coordinator'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export interface Actor {
  userId: string;
  organisationId: string;
  roles: readonly Role[];
  /** Communities the actor's organisation belongs to. */
  communityIds: readonly string[];
}

export const hasRole = (actor: Pick<Actor, 'roles'>, role: Role): boolean => actor.roles.includes(role);

export const can = (actor: Pick<Actor, 'roles'>, permission: Permission): boolean =>
  (permissions[permission] as readonly Role[]).some((role) => actor.roles.includes(role));

/** A reporter who holds no other reading role sees only what is theirs or shared with them by name. */
export const isReporterOnly = (actor: Pick<Actor, 'roles'>): boolean =>
  actor.roles.includes('reporter') &&
  !actor.roles.some((role) => role === 'coordinator' || role === 'analyst' || role === 'viewer');
