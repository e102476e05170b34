/**
 * Ids this node is changing right now (a session it revokes, a patient whose access it ends): a
 * cache neither serves nor stores them until the change's notification arrives — so the very next
 * request on this node reads the database — or until `forMs` has passed (the change rolled back
 * and no notification comes).
 */
export class PendingChanges {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly forMs: number,
    private readonly max: number,
  ) {}

  mark(id: string): void {
    this.until.set(id, Date.now() + this.forMs);
    if (this.until.size > this.max) this.until.delete(this.until.keys().next().value!);
  }

  /** The change's notification arrived. */
  settle(id: string): void {
    this.until.delete(id);
  }

  has(id: string): boolean {
    const until = this.until.get(id);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.until.delete(id);
    return false;
  }

  clear(): void {
    this.until.clear();
  }
}
