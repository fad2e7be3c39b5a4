import type { AreaType } from '../../../shared/contracts/areas.js';
import type { Db } from '../../db/connection.js';

const typeOrder = ['region', 'electoral_district', 'wellbeing_county', 'municipality'];

export const listAreaRows = async (db: Db, type?: AreaType) => {
  let query = db
    .selectFrom('areas')
    .select([
      'code',
      'type',
      'nationalCode',
      'nameFi',
      'nameSv',
      'nameEn',
      'electoralDistrictCode',
      'wellbeingCountyCode',
      'regionCode',
      'bilingual',
    ]);
  if (type) query = query.where('type', '=', type);
  const rows = await query.orderBy('code').execute();
  return rows.sort((a, b) => typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type));
};
export type AreaRow = Awaited<ReturnType<typeof listAreaRows>>[number];
