import type { ClusterEvents } from '../cluster/cluster-events.js';
import { PendingChanges } from '../cluster/pending-changes.js';
import type { Role } from '../generated/prisma/enums.js';
import type { AccessTokenClaims } from './access-tokens.js';

/** What the per-request session check reads (auth_sessions joined to users), plus /me's fields. */
export interface SessionRow {
  userId: string;
  role: Role;
  status: string;
  tokenVersion: number;
  revokedAt: Date | null;
  expiresAt: Date;
  lastSeenAt: Date;
  email: string;
  mfaEnabledAt: Date | null;
}

/** Bounds: entries beyond these evict the oldest. */
const MAX_SESSIONS = 20_000;
const MAX_TOKENS = 20_000;
/** How long a change this node makes keeps its ids out of the cache if no notification comes (rolled back). */
const PENDING_MS = 10_000;

/**
 * In-process cache of verified access tokens and live sessions, so a request with a known token
 * costs no signature check and no database round trip. Correct across nodes because every change
 * that could end or alter a session is announced by a database trigger on `anamnesis_cluster`
 * (ClusterEvents): session revoked/ended/deleted, user disabled, role changed, token version
 * bumped (logout everywhere, password change, MFA reset), email/MFA changed, user deleted.
 *
 * - Served from memory only while the node is listening; a (re)connect drops everything.
 * - A fill started before an invalidation arrived is not stored (generation counter), so a row
 *   read just before a revocation committed cannot outlive the revocation's notification.
 * - Expiry and idle timeout are still judged on every request (the row's times are cached, not
 *   the verdict); `last_seen_at` is refreshed from the database at its usual resolution.
 */
export class SessionCache {
  private readonly sessions = new Map<string, SessionRow>();
  private readonly tokens = new Map<string, { claims: AccessTokenClaims; expiresAtMs: number }>();
  /** Ids this node is changing: not served nor stored until their notification arrives (or PENDING_MS). */
  private readonly pending = new PendingChanges(PENDING_MS, MAX_SESSIONS);
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly cluster: Pick<ClusterEvents, 'listening' | 'on' | 'onReset'>) {
    cluster.on('session.changed', ({ sessionId }) => {
      this.dropSession(sessionId);
      this.pending.settle(sessionId);
    });
    cluster.on('user.changed', ({ userId }) => {
      this.dropUser(userId);
      this.pending.settle(userId);
    });
    cluster.onReset(() => this.clear());
  }

  /** The generation to pass to `storeSession` for a row about to be read. */
  get currentGeneration(): number {
    return this.generation;
  }

  session(sessionId: string): SessionRow | undefined {
    if (!this.cluster.listening) return undefined;
    const row = this.sessions.get(sessionId);
    if (row && (this.pending.has(sessionId) || this.pending.has(row.userId))) return undefined;
    if (row) this.hits += 1;
    else this.misses += 1;
    return row;
  }

  /** Stores a row read from the database, unless an invalidation arrived since `generation`. */
  storeSession(sessionId: string, row: SessionRow, generation: number): void {
    if (!this.cluster.listening || generation !== this.generation) return;
    if (this.pending.has(sessionId) || this.pending.has(row.userId)) return;
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(sessionId, row);
  }

  /** A token verified before and not yet expired (its session is still checked on every request). */
  verifiedToken(token: string): AccessTokenClaims | undefined {
    const hit = this.tokens.get(token);
    if (!hit) return undefined;
    if (hit.expiresAtMs > Date.now()) return hit.claims;
    this.tokens.delete(token);
    return undefined;
  }

  storeToken(token: string, claims: AccessTokenClaims): void {
    const exp = tokenExpiry(token);
    if (exp === undefined) return;
    if (this.tokens.size >= MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(token, { claims, expiresAtMs: exp });
  }

  /** The explicit revocation path besides the triggers: drop everything (signing-key retirement, tests). */
  clear(): void {
    this.generation += 1;
    this.sessions.clear();
    this.tokens.clear();
    this.pending.clear();
  }

  /**
   * Called by this node's own writers before they revoke a session or change a user (in their
   * transaction): the cache neither serves nor stores that session or user until the change's
   * notification arrives — so the very next request on this node, even one answered before the
   * notification, reads the database. A change that rolls back only costs caching for PENDING_MS.
   */
  beforeChange(change: { sessionId?: string; userId?: string }): void {
    if (change.sessionId) {
      this.pending.mark(change.sessionId);
      this.dropSession(change.sessionId);
    }
    if (change.userId) {
      this.pending.mark(change.userId);
      this.dropUser(change.userId);
    }
  }

  private dropSession(sessionId: string): void {
    this.generation += 1;
    this.sessions.delete(sessionId);
  }

  private dropUser(userId: string): void {
    this.generation += 1;
    for (const [id, row] of this.sessions) if (row.userId === userId) this.sessions.delete(id);
  }
}

/** `exp` (ms) of a token whose signature was just verified (so its payload can be read as is). */
function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
