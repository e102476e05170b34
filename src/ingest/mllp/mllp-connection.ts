import type { Socket } from 'node:net';
import { frame, MllpFramer } from './mllp-framer.js';

export interface MllpConnectionLimits {
  maxFrameBytes: number;
  /** A frame must start this long at most after the connection opened or the last ACK was sent. */
  idleTimeoutMs: number;
  /** A frame must end this long at most after it started. */
  frameTimeoutMs: number;
}

/** What a connection reports to its server: high-water marks for tests and measurements. */
export interface MllpConnectionEvents {
  onBuffered(bytes: number): void;
  onQueued(frames: number): void;
  /** An answer is in flight (the server waits for these when closing). */
  track(answer: Promise<unknown>): void;
  /** The frame's ACK, or a rejection: then the connection closes without one (the sender resends). */
  answer(payload: Buffer | undefined): Promise<Buffer | string>;
}

type Deadline = 'idle' | 'frame' | undefined;

/**
 * One MLLP connection. Reading is paused from the moment a chunk arrives until every frame in it
 * has been answered (one frame at a time, in order) and the ACKs have left the write buffer: a
 * client can never make the server hold more than one frame being answered, the frame it is
 * assembling (at most maxFrameBytes) and the rest of one read chunk. Deadlines are absolute — a
 * client that trickles bytes cannot extend them — and bytes outside a frame close the connection.
 */
export class MllpConnection {
  private readonly framer: MllpFramer;
  private deadline: Deadline;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private busy = false;
  /** Chunks that arrived while busy: none while paused, kept rather than lost should one come. */
  private readonly waiting: Buffer[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly limits: MllpConnectionLimits,
    private readonly events: MllpConnectionEvents,
  ) {
    this.framer = new MllpFramer(limits.maxFrameBytes);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => this.stopDeadline());
    this.arm('idle');
  }

  /** No further frames are read; the one being answered still gets its ACK. */
  stop(): void {
    this.closing = true;
    this.socket.pause();
    if (!this.busy) this.socket.end();
  }

  private read(chunk: Buffer): void {
    this.socket.pause();
    if (this.busy) {
      this.waiting.push(chunk);
      return;
    }
    this.busy = true;
    this.events.track(this.answerAll(chunk));
  }

  private async answerAll(first: Buffer): Promise<void> {
    for (let chunk: Buffer | undefined = first; chunk; chunk = this.waiting.shift()) {
      this.framer.feed(chunk);
      this.events.onBuffered(this.framer.bufferedBytes);
      if (!(await this.answerFed())) return;
    }
    this.busy = false;
    if (this.closing) {
      this.socket.end();
      return;
    }
    if (this.socket.destroyed) return;
    this.arm(this.framer.framing ? 'frame' : 'idle');
    if (this.socket.writableNeedDrain) this.socket.once('drain', () => this.resume());
    else this.resume();
  }

  /** Answers the frames of the fed chunk in order; false once the connection is closed or closing. */
  private async answerFed(): Promise<boolean> {
    for (let item = this.framer.next(); item; item = this.framer.next()) {
      if (item.outsideFrame) {
        this.destroy();
        return false;
      }
      this.stopDeadline();
      this.events.onQueued(1);
      try {
        // Answered even if the sender has gone: it got no ACK, will resend, and de-duplication answers.
        const ack = await this.events.answer(item.payload);
        if (this.socket.destroyed) return false;
        this.socket.write(frame(ack));
      } catch {
        this.destroy();
        return false;
      } finally {
        this.events.onQueued(0);
      }
      if (this.closing) {
        this.busy = false;
        this.socket.end();
        return false;
      }
    }
    return true;
  }

  private resume(): void {
    if (!this.closing && !this.socket.destroyed) this.socket.resume();
  }

  /** Starts a deadline unless the same kind is already running (absolute: never extended). */
  private arm(kind: 'idle' | 'frame'): void {
    if (this.deadline === kind) return;
    this.stopDeadline();
    this.deadline = kind;
    const ms = kind === 'idle' ? this.limits.idleTimeoutMs : this.limits.frameTimeoutMs;
    this.timer = setTimeout(() => this.destroy(), ms);
  }

  private stopDeadline(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.deadline = undefined;
  }

  private destroy(): void {
    this.busy = false;
    this.stopDeadline();
    this.socket.destroy();
  }
}
