import type { Database } from "@/lib/db/client";

/**
 * A bulk import into a near-empty table outruns autovacuum: the planner keeps its
 * empty-table statistics and picks full scans for the per-batch lookups (title match,
 * author ids), so each batch gets slower as the table grows. Refreshing the statistics
 * after batches 1, 4, 16, 64, ... keeps them close at a logarithmic cost.
 */
export async function refreshStatisticsIfDue(db: Database, batchesWritten: number): Promise<void> {
  if (!isPowerOfFour(batchesWritten)) return;
  await db.$executeRaw`ANALYZE papers`;
  await db.$executeRaw`ANALYZE authors`;
}

const isPowerOfFour = (n: number): boolean => n >= 1 && Number.isInteger(n) && (n & (n - 1)) === 0 && Math.log2(n) % 2 === 0;
