import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PartnerFeedsTable {
  id: Generated<string>;
  partnerId: ColumnType<string, string, never>;
  kind: ColumnType<'taxii' | 'misp', 'taxii' | 'misp', never>;
  title: string;
  url: string;
  /** AES-256-GCM ciphertext of the remote server's token (feed-token-crypto.ts); never returned. */
  tokenCiphertext: string | null;
  intervalMinutes: number;
  enabled: Generated<boolean>;
  cursor: string | null;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  consecutiveFailures: Generated<number>;
  nextPollAt: Date | null;
  leaseUntil: Date | null;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

/** Partner feeds polled by the TAXII/MISP client (migration 0013). */
export interface ExchangeFeedTables {
  partnerFeeds: PartnerFeedsTable;
}
