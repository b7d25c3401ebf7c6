// What the mirror's startup reconcile reports: the SQLite pass at once, and the checks that run on
// in the background once the mirror is usable again (both in the worker).
import type { ReconcileReport } from './reconcileMirror';

export interface VectorStatus {
  /** Why the index was rebuilt, or null when it was fine. */
  rebuilt: string | null;
  items: number;
  ms: number;
}

/** What runs after the mirror is usable again: integrity_check (and a full rebuild if it fails), then the vector index. */
export interface BackgroundChecks {
  integrity: string | null;
  fullRebuild: ReconcileReport | null;
  vectors: VectorStatus;
}

export type MirrorReconcileReport = ReconcileReport & {
  /** Time the SQLite reconcile took in the worker. */
  ms: number;
  /** Settles once integrity_check and the vector index check are done (both in the worker). */
  background: Promise<BackgroundChecks>;
};
