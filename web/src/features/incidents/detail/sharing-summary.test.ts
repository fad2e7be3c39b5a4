import { describe, expect, it } from 'vitest';
import { sharingSummary } from './sharing-summary.js';

const names = { owner: 'NCSC-FI', organisations: ['SUPO', 'OM'], communities: ['ECNE'], users: ['Aino'] };

describe('sharingSummary', () => {
  it('says everyone signed in sees a clear record, and nothing else', () => {
    expect(sharingSummary('clear', names)).toEqual([{ key: 'everyone', values: {} }]);
  });

  it('lists the owner, organisations and communities of a green record', () => {
    expect(sharingSummary('green', names).map((line) => line.key)).toEqual([
      'owner',
      'organisations',
      'communities',
      'author',
    ]);
  });

  it('tells that communities do not open an amber record', () => {
    const lines = sharingSummary('amber+strict', names);
    expect(lines.map((line) => line.key)).toEqual(['owner', 'organisations', 'communitiesIgnored', 'author']);
    expect(lines[1]).toEqual({ key: 'organisations', values: { names: 'SUPO, OM' }, count: 2 });
  });

  it('names only the people of a red record, and says so when there are none', () => {
    expect(sharingSummary('red', names)[0]).toEqual({ key: 'people', values: { names: 'Aino' }, count: 1 });
    expect(sharingSummary('red', { ...names, users: [] })[0]?.key).toBe('nobodyNamed');
  });
});
