import type { IncidentStatus } from '../../../../../shared/contracts/incidents.js';
import { savedToListState, toApiFilters, type ApiListFilters } from '../incident-filters.js';

export const triageStatuses: readonly IncidentStatus[] = ['new', 'triage'];

/**
 * The inbox's query: what is new or in triage, oldest first, narrowed by a saved filter when one
 * is chosen. A saved filter's statuses can only narrow the inbox, never widen it; its sort is ignored.
 */
export const triageFilters = (
  savedQuery: Record<string, unknown> | null,
  startOfDay: (day: string, addDays?: number) => string | undefined,
): ApiListFilters => {
  const state = savedToListState(savedQuery ?? {});
  const statuses = state.status.filter((status) => triageStatuses.includes(status));
  const filters = toApiFilters({ ...state, status: [] }, startOfDay);
  const { sort: _sort, order: _order, ...rest } = filters;
  return {
    ...rest,
    status: (statuses.length > 0 ? statuses : triageStatuses).join(','),
    sort: 'created',
    order: 'asc',
  };
};
