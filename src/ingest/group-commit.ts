/**
 * Group commit: calls that arrive while transactions are in flight are committed together in the
 * next one (up to `max` per group), each caller getting its own result only after that commit. At
 * most `inFlight` groups commit at once; a caller arriving while fewer are in flight is never
 * delayed. If a group's transaction fails, every caller in it gets the error (and, over MLLP, no
 * ACK — the sender resends, de-duplication answers).
 */
export class GroupCommitter<I, O> {
  private queue: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];
  private running = 0;

  constructor(
    private readonly commit: (inputs: I[]) => Promise<O[]>,
    private readonly max: number,
    private readonly inFlight = 1,
    /** Called when a call finds every transaction busy and has to wait. */
    private readonly onWait: () => void = () => undefined,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.running < this.inFlight) void this.drain();
      else this.onWait();
    });
  }

  private async drain(): Promise<void> {
    this.running++;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.max);
      try {
        const outputs = await this.commit(group.map((call) => call.input));
        group.forEach((call, i) => call.resolve(outputs[i]!));
      } catch (error) {
        group.forEach((call) => call.reject(error));
      }
    }
    this.running--;
  }
}
