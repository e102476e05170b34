import { InvalidInputError } from './domain-error.js';

/**
 * One problem a schema found, as the Standard Schema spec reports it (zod's issues are these, with
 * `code` and, for unknown fields, `keys`).
 */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
  readonly code?: string;
  readonly keys?: readonly string[];
}

const segment = (part: PropertyKey | { readonly key: PropertyKey }) =>
  String(typeof part === 'object' ? part.key : part);

/**
 * One line per problem, each starting with the field it names (`name.family: …`), so the web forms
 * can show it next to that field; an unknown field is named itself (`role: should not exist`). The
 * value is never echoed: it may be PHI. `root` names a problem with the whole value.
 */
export function schemaProblems(issues: readonly SchemaIssue[], prefix = '', root = 'body'): string[] {
  return issues.flatMap((issue) => {
    const path = [prefix, ...(issue.path ?? []).map(segment)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys?.length)
      return issue.keys.map((key) => `${path ? `${path}.` : ''}${key}: should not exist`);
    return [`${path || root}: ${issue.message}`];
  });
}

/** The schema pipe's exceptionFactory: the same 400 body as every other invalid input. */
export const invalidInput = (issues: readonly SchemaIssue[]) => new InvalidInputError(schemaProblems(issues));
