import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AreaList } from '../../../../shared/contracts/areas.js';
import type { ElectionList } from '../../../../shared/contracts/elections.js';
import type {
  CreateSubscription,
  MarkNotificationsRead,
  NotificationPage,
  NotificationSettings,
  Subscription,
  UpdateNotificationSettings,
} from '../../../../shared/contracts/notifications.js';
import { api, request, withQuery } from '../../lib/api.js';
import { liveQueryKeys } from '../../lib/live.js';

/** Under ['notifications', …]: the live stream invalidates them whenever a notification arrives. */
export const notificationKeys = {
  all: liveQueryKeys.notifications,
  unread: [...liveQueryKeys.notifications, 'unread'] as const,
  list: (unreadOnly: boolean) => [...liveQueryKeys.notifications, 'list', unreadOnly] as const,
  settings: ['notification-settings'] as const,
  subscriptions: ['subscriptions'] as const,
};

const PAGE_SIZE = 30;

/** The unread count for the header: every minute, on focus, and whenever the stream says so. */
export const useUnreadCount = () =>
  useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => api.get<NotificationPage>('/api/v1/notifications?limit=1', { signal }),
    select: (page) => page.unreadCount,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 30_000,
  });

export const useNotifications = (unreadOnly: boolean) =>
  useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    queryFn: ({ pageParam, signal }) =>
      api.get<NotificationPage>(
        withQuery('/api/v1/notifications', {
          limit: PAGE_SIZE,
          cursor: pageParam,
          unread: unreadOnly ? 'true' : undefined,
        }),
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useMarkRead = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkNotificationsRead) =>
      api.post<{ updated: number; unreadCount: number }>('/api/v1/notifications/read', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
};

export const useNotificationSettings = () =>
  useQuery({
    queryKey: notificationKeys.settings,
    queryFn: ({ signal }) => api.get<NotificationSettings>('/api/v1/notifications/settings', { signal }),
  });

export const useSaveNotificationSettings = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNotificationSettings) =>
      request<NotificationSettings>('PUT', '/api/v1/notifications/settings', body),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.settings, saved),
  });
};

export const useSubscriptions = (enabled: boolean) =>
  useQuery({
    queryKey: notificationKeys.subscriptions,
    queryFn: ({ signal }) => api.get<{ items: Subscription[] }>('/api/v1/subscriptions', { signal }),
    enabled,
  });

export const useCreateSubscription = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSubscription) => api.post<Subscription>('/api/v1/subscriptions', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.subscriptions }),
  });
};

export const useDeleteSubscription = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/api/v1/subscriptions/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.subscriptions }),
  });
};

/** Choices for the subscription form. A failure leaves the choice at "any", which always works. */
export const useElectionChoices = (enabled: boolean) =>
  useQuery({
    queryKey: ['elections'],
    queryFn: ({ signal }) => api.get<ElectionList>('/api/v1/elections', { signal }),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });

export const useDistrictChoices = (enabled: boolean) =>
  useQuery({
    queryKey: ['areas', 'electoral_district'],
    queryFn: ({ signal }) => api.get<AreaList>('/api/v1/areas?type=electoral_district', { signal }),
    enabled,
    retry: false,
    staleTime: 60 * 60_000,
  });
