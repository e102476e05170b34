import type { Hl7Charset } from './hl7-charset.js';
import type { Hl7Delimiters } from './hl7-delimiters.js';

/** One field: repetitions → components → sub-components, all decoded. Addressed 1-based, as the spec. */
export class Hl7Field {
  static readonly EMPTY = new Hl7Field([[['']]]);

  constructor(readonly repetitions: string[][][]) {}

  static of(value: string): Hl7Field {
    return new Hl7Field([[[value]]]);
  }

  /** First repetition, first component, first sub-component. */
  get value(): string {
    return this.repetitions[0]?.[0]?.[0] ?? '';
  }

  get isEmpty(): boolean {
    return this.repetitions.every((rep) => rep.every((component) => component.every((sub) => sub === '')));
  }

  /** `component(1)` is the first component; absent positions read as ''. */
  component(component: number, subcomponent = 1, repetition = 1): string {
    return this.repetitions[repetition - 1]?.[component - 1]?.[subcomponent - 1] ?? '';
  }

  repetition(index: number): Hl7Field {
    const rep = this.repetitions[index - 1];
    return rep ? new Hl7Field([rep]) : Hl7Field.EMPTY;
  }

  /** All repetitions as single-repetition fields. */
  all(): Hl7Field[] {
    return this.repetitions.map((rep) => new Hl7Field([rep]));
  }
}

export class Hl7Segment {
  /** `fields[n]` is field n (1-based); `fields[0]` is unused. For MSH, fields 1 and 2 are the delimiters. */
  constructor(
    readonly name: string,
    readonly fields: Hl7Field[],
  ) {}

  field(index: number): Hl7Field {
    return this.fields[index] ?? Hl7Field.EMPTY;
  }

  get fieldCount(): number {
    return Math.max(0, this.fields.length - 1);
  }
}

export class Hl7Message {
  constructor(
    readonly delimiters: Hl7Delimiters,
    readonly charset: Hl7Charset,
    readonly segments: Hl7Segment[],
  ) {}

  get header(): Hl7Segment {
    return this.segments[0]!;
  }

  segment(name: string): Hl7Segment | undefined {
    return this.segments.find((segment) => segment.name === name);
  }

  segmentsNamed(name: string): Hl7Segment[] {
    return this.segments.filter((segment) => segment.name === name);
  }

  /** MSH-9.1^MSH-9.2, e.g. `ADT^A01`. */
  get messageType(): string {
    const type = this.header.field(9);
    const trigger = type.component(2);
    return trigger ? `${type.component(1)}^${trigger}` : type.component(1);
  }

  get controlId(): string {
    return this.header.field(10).value;
  }

  get version(): string {
    return this.header.field(12).value;
  }
}
