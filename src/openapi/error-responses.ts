import type { OpenAPIObject } from '@nestjs/swagger';

/** The one error body every 4xx and 5xx carries (common/errors/http-exception.filter.ts). */
export const ERROR_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message', 'code', 'correlationId'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', description: 'the HTTP reason phrase', example: 'Bad Request' },
    message: {
      description: 'what was wrong, one line',
      type: 'string',
      example: 'email: Invalid email address; role: should not exist',
    },
    code: {
      type: 'string',
      description:
        'a stable code: a domain code (invalid_input for a field a schema refused), or the status as a word (not_found)',
      example: 'invalid_input',
    },
    details: {
      type: 'array',
      items: { type: 'string' },
      description:
        'refused input (400, 413, 415): every problem, one line each starting with the field it names; message joins them',
      example: ['email: Invalid email address', 'role: should not exist'],
    },
    correlationId: {
      type: 'string',
      description: 'also the x-request-id header; the server log has the details under it',
      example: '5f0c6b9e-3a52-4c1e-9a7d-2f4b8c1d9e07',
    },
  },
} as const;

type Operation = {
  security?: unknown[];
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

/**
 * Documents the error responses of every operation from the rules that produce them, so a client
 * generator sees each one with its body: invalid input (400), not signed in (401) and not permitted
 * (403) on every authenticated route (deny by default), not found (404) where a path names a
 * resource — also the answer for a patient outside the caller's care —, a body over the route's
 * limit (413) or of a content type it does not take (415), too many attempts (429) where sign-in is throttled, and the generic 500.
 */
export function documentErrorResponses(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.ErrorResponse = ERROR_RESPONSE_SCHEMA as never;
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation?.responses) continue;
      const add = (status: string, description: string) => {
        operation.responses[status] ??= error(description);
      };
      if (operation.requestBody || operation.parameters?.some((p) => p.in !== 'header')) {
        add('400', 'Invalid input (or a body that is not JSON): `details` names each problem');
      }
      if (operation.security?.length) {
        add('401', 'Not signed in, or the session ended');
        add('403', "The caller's role lacks the permission");
      }
      if (path.includes('{')) add('404', "Not found, or not in the caller's care");
      if (operation.requestBody) {
        add('413', "The body exceeds the route's size limit");
        add('415', 'The content type is not one the route accepts');
      }
      if (path === '/api/auth/login') add('429', 'Too many failed sign-ins; try again later');
      add('500', 'Unexpected error: a generic message and the correlation id');
    }
  }
}
