import { hasRole, type Actor } from '../../../../shared/access/roles.js';
import { AppError } from '../../../../shared/errors.js';

/**
 * Partner agreements, their tokens and releases are managed by the coordinators of the
 * organisation that made the agreement. Other roles get 403 whatever the id; an agreement of
 * another organisation is invisible (404), so that its existence cannot be probed.
 */
export const requireExchangeCoordinator = (actor: Actor): void => {
  if (!hasRole(actor, 'coordinator')) {
    throw new AppError('forbidden', 'Only coordinators manage partner agreements and releases.');
  }
};

export const managesPartner = (actor: Actor, partner: { ownerOrganisationId: string }): boolean =>
  hasRole(actor, 'coordinator') && actor.organisationId === partner.ownerOrganisationId;

export const assertManagedPartner = <T extends { ownerOrganisationId: string }>(
  actor: Actor,
  partner: T | undefined,
): T => {
  requireExchangeCoordinator(actor);
  if (!partner || !managesPartner(actor, partner))
    throw new AppError('not_found', 'No such partner agreement.');
  return partner;
};
