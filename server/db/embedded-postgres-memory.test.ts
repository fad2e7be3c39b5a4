import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { memorySettings } from './embedded-postgres.js';

const GiB = 1024 ** 3;

describe('memory of the embedded PostgreSQL', () => {
  it('gives shared buffers a quarter of the memory, between 128 MB and 4 GB', () => {
    expect(memorySettings(0.25 * GiB)).toEqual([
      'shared_buffers=128MB',
      'work_mem=32MB',
      'effective_cache_size=128MB',
    ]);
    expect(memorySettings(2 * GiB)).toEqual([
      'shared_buffers=512MB',
      'work_mem=32MB',
      'effective_cache_size=1024MB',
    ]);
    expect(memorySettings(8 * GiB)).toEqual([
      'shared_buffers=2048MB',
      'work_mem=32MB',
      'effective_cache_size=4096MB',
    ]);
    expect(memorySettings(24 * GiB)).toEqual([
      'shared_buffers=4096MB',
      'work_mem=32MB',
      'effective_cache_size=12288MB',
    ]);
  });

  describe('as started', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await freshDatabase();
    });
    afterAll(async () => t.close());

    it.skipIf(Boolean(process.env.TEST_DATABASE_URL))('runs with those settings', async () => {
      const { rows } = await sql<{ name: string; setting: string; unit: string | null }>`
        select name, setting, unit from pg_settings
         where name in ('shared_buffers', 'work_mem', 'effective_cache_size') order by name`.execute(t.db);
      const megabytes = Object.fromEntries(
        rows.map((r) => [r.name, (Number(r.setting) * (r.unit === '8kB' ? 8 : 1)) / 1024]),
      );
      const expected = Object.fromEntries(
        memorySettings((await import('node:os')).totalmem()).map((s) => {
          const [name, value] = s.split('=') as [string, string];
          return [name, Number(value.replace('MB', ''))];
        }),
      );
      expect(megabytes).toEqual(expected);
    });
  });
});
