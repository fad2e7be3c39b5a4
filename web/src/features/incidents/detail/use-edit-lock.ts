import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent } from 'react';
import { hasErrorCode, incidentPath, lockApi, lockKey } from './detail-api.js';

const RENEW_MS = 60_000;

/**
 * Holds the incident's edit lock while `editing` is true: takes it, renews it every minute (the
 * server keeps it for two) and releases it when editing ends, the page is left or the tab closes.
 * `onTaken` runs when someone else holds it; the lock query then names them.
 */
export const useEditLock = (id: string, editing: boolean, onTaken: () => void): void => {
  const queryClient = useQueryClient();
  const taken = useEffectEvent(onTaken);

  useEffect(() => {
    if (!editing) return;
    let active = true;
    const acquire = async () => {
      try {
        const result = await lockApi.acquire(id);
        queryClient.setQueryData(lockKey(id), result);
      } catch (error) {
        if (!active || !hasErrorCode(error, 'locked')) return;
        void queryClient.invalidateQueries({ queryKey: lockKey(id) });
        taken();
        // Other failures (the network) are left to the next renewal.
      }
    };
    void acquire();
    const timer = window.setInterval(() => void acquire(), RENEW_MS);
    // A closing tab cannot wait for a normal request; keepalive lets the release outlive the page.
    const releaseOnExit = () => {
      void fetch(`${incidentPath(id)}/lock`, {
        method: 'DELETE',
        credentials: 'same-origin',
        keepalive: true,
      }).catch(() => undefined);
    };
    window.addEventListener('pagehide', releaseOnExit);
    return () => {
      active = false;
      window.clearInterval(timer);
      window.removeEventListener('pagehide', releaseOnExit);
      void lockApi
        .release(id)
        .catch(() => undefined)
        .finally(() => void queryClient.invalidateQueries({ queryKey: lockKey(id) }));
    };
  }, [id, editing, queryClient]);
};
