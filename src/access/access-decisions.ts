import type { PurposeOfUse } from '../audit/audit.types.js';
import type { ClusterEvents } from '../cluster/cluster-events.js';
import { PendingChanges } from '../cluster/pending-changes.js';

/** Bound: decisions beyond this evict the oldest. */
const MAX_DECISIONS = 50_000;
/** A safety net, not the bound: a decision is re-read at least this often even if no notification came. */
const MAX_AGE_MS = 30_000;
/** How long a change this node makes keeps its patient out of the cache if no notification comes (rolled back). */
const PENDING_MS = 10_000;

interface Decision {
  purpose: PurposeOfUse;
  /** Until when it holds: the membership's end or the grant's expiry, at most MAX_AGE_MS from the read. */
  untilMs: number;
}

/**
 * In-process cache of positive access decisions (this user may read this patient now, for
 * treatment or in an emergency), so a clinician paging through a record costs no access query per
 * page. Refusals are never cached. Correct across nodes like the session cache: every change that
 * could end an access — a care-team membership ended or deleted, a break-the-glass grant expired
 * early or deleted, a patient erased or its keys destroyed, a user disabled or changed — is
 * announced by a database trigger on `anamnesis_cluster` (ClusterEvents), whoever made it.
 *
 * - A decision also ends by itself when the membership or grant it rests on does (its end time is
 *   cached with it), so a break-the-glass grant running out needs no notification.
 * - Served only while the node is listening; a (re)connect drops everything.
 * - A fill started before an invalidation arrived is not stored (generation counter).
 * - This node's own writers call `beforeChange` first: the patient is then read from the database
 *   until the change's notification arrives.
 */
export class AccessDecisions {
  private readonly decisions = new Map<string, Decision>();
  private readonly pending = new PendingChanges(PENDING_MS, MAX_DECISIONS);
  private generation = 0;

  constructor(private readonly cluster: Pick<ClusterEvents, 'listening' | 'on' | 'onReset'>) {
    cluster.on('access.changed', ({ patientId, userId }) => {
      this.drop((key) => key.patientId === patientId && (userId === null || key.userId === userId));
      this.pending.settle(patientId);
    });
    cluster.on('user.changed', ({ userId }) => this.drop((key) => key.userId === userId));
    cluster.on('patient.keys-destroyed', ({ patientId }) => this.drop((key) => key.patientId === patientId));
    cluster.onReset(() => this.clear());
  }

  /** The generation to pass to `store` for a decision about to be read. */
  get currentGeneration(): number {
    return this.generation;
  }

  decision(userId: string, patientId: string): PurposeOfUse | undefined {
    if (!this.cluster.listening || this.pending.has(patientId)) return undefined;
    const key = keyOf(userId, patientId);
    const found = this.decisions.get(key);
    if (!found) return undefined;
    if (found.untilMs > Date.now()) return found.purpose;
    this.decisions.delete(key);
    return undefined;
  }

  /** Stores a decision read from the database, unless an invalidation arrived since `generation`. */
  store(userId: string, patientId: string, decision: Decision, generation: number): void {
    if (!this.cluster.listening || generation !== this.generation || this.pending.has(patientId)) return;
    if (this.decisions.size >= MAX_DECISIONS) this.decisions.delete(this.decisions.keys().next().value!);
    this.decisions.set(keyOf(userId, patientId), {
      purpose: decision.purpose,
      untilMs: Math.min(decision.untilMs, Date.now() + MAX_AGE_MS),
    });
  }

  /** Called by this node's writers before they end someone's access to the patient (in their transaction). */
  beforeChange(patientId: string): void {
    this.pending.mark(patientId);
    this.drop((key) => key.patientId === patientId);
  }

  clear(): void {
    this.generation += 1;
    this.decisions.clear();
    this.pending.clear();
  }

  private drop(matches: (key: { userId: string; patientId: string }) => boolean): void {
    this.generation += 1;
    for (const key of this.decisions.keys()) {
      const [userId, patientId] = key.split(':') as [string, string];
      if (matches({ userId, patientId })) this.decisions.delete(key);
    }
  }
}

const keyOf = (userId: string, patientId: string) => `${userId}:${patientId}`;
