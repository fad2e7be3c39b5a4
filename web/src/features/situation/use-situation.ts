import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { areaName as nameOfArea } from '../../lib/area-name.js';
import { localeTags, useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { situationApi, situationKeys, type Situation } from './situation-api.js';
import type { SituationView } from './situation-search.js';

/** A fixed start of "what changed", or one worked out at each fetch. */
export type SinceSource =
  | string
  | {
      key: string;
      /** The time to ask for; null: the server's default (your previous visit, or 24 hours ago). */
      at: () => string | null;
      /** Told what the server answered, to ask for the same at the next fetch. */
      answered?: (result: Situation) => void;
    };

/**
 * The situation picture of an election for a view. The key starts with 'situation', so incident
 * and threat-level changes on the live stream refetch it; the previous picture stays on screen
 * while another view loads.
 */
export const useSituation = (electionId: string, view: SituationView, since: SinceSource) => {
  const sinceKey = typeof since === 'string' ? since : since.key;
  return useQuery({
    queryKey: situationKeys.situation(electionId, view, sinceKey),
    queryFn: async ({ signal }) => {
      const result = await situationApi.get(
        electionId,
        view,
        typeof since === 'string' ? since : since.at(),
        signal,
      );
      if (typeof since !== 'string') since.answered?.(result);
      return result;
    },
    placeholderData: keepPreviousData,
  });
};

/** Names of areas in the interface language, both names for a bilingual municipality. */
export const useAreaNames = (): ((code: string) => string) => {
  const locale = useLocale();
  const { data } = useQuery({
    queryKey: situationKeys.areas,
    queryFn: situationApi.areas,
    staleTime: Infinity,
  });
  const byCode = useMemo(() => new Map((data?.items ?? []).map((area) => [area.code, area])), [data]);
  return useCallback(
    (code: string) => {
      const area = byCode.get(code);
      return area ? nameOfArea(area, locale) : code;
    },
    [byCode, locale],
  );
};

export const useElections = () =>
  useQuery({ queryKey: situationKeys.elections, queryFn: situationApi.elections, staleTime: 5 * 60_000 });

/** "hh:mm:ss" of the last refresh, in the user's time zone. */
export const useUpdatedAt = (at: number) => {
  const locale = useLocale();
  const { timeZone } = useSignedInUser();
  return at
    ? new Intl.DateTimeFormat(localeTags[locale], {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }).format(new Date(at))
    : '';
};
