import { Injectable } from '@nestjs/common';

/** A foreground request counts as waiting for this long after it had to wait for capacity. */
const WINDOW_MS = 25;

/**
 * Whether senders are waiting on this process right now (an MLLP or HTTP receipt found every
 * transaction busy). Background work in the same process — mapping, embedding sweeps — steps back
 * while they are, so that a burst is acknowledged at the receipt's own pace and the backlog is
 * worked after it. Each caller bounds its own wait (`quiet(stop)`), so background work is delayed,
 * never starved.
 */
@Injectable()
export class ForegroundLoad {
  private lastWaitAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A foreground request had to wait for capacity. */
  noteWaiting(): void {
    this.lastWaitAt = this.now();
  }

  /** True while a foreground request waited within the last 25 ms. */
  get busy(): boolean {
    return this.now() - this.lastWaitAt < WINDOW_MS;
  }

  /** Resolves once nothing is waiting, or as soon as `stop()` (the caller's bound) says enough. */
  async quiet(stop: () => boolean): Promise<void> {
    while (this.busy && !stop()) await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  }
}
