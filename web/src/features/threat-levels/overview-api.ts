import type { ElectionOverview, ElectionsOverview } from '../../../../shared/contracts/threat-levels.js';
import { api } from '../../lib/api.js';

export type { ElectionOverview };

export const overviewQueryKey = ['elections-overview'] as const;

export const fetchOverview = () => api.get<ElectionsOverview>('/api/v1/elections/overview');
