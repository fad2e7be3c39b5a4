import { describe, expect, it } from 'vitest';
import { triageFilters } from './triage-filters.js';

const startOfDay = (day: string, add = 0) => `${day}+${add}`;

describe('triageFilters', () => {
  it('asks for new and triage incidents, oldest first', () => {
    expect(triageFilters(null, startOfDay)).toEqual({ status: 'new,triage', sort: 'created', order: 'asc' });
  });

  it('narrows by a saved filter but never widens beyond new and triage, nor resorts', () => {
    expect(
      triageFilters(
        { domain: 'cyber', status: 'triage,closed', sort: 'severity', order: 'desc' },
        startOfDay,
      ),
    ).toEqual({ domain: 'cyber', status: 'triage', sort: 'created', order: 'asc' });
    expect(triageFilters({ status: 'closed' }, startOfDay).status).toBe('new,triage');
  });
});
