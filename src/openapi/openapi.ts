import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type ParameterObject } from '@nestjs/swagger';
import { documentErrorResponses } from './error-responses.js';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Anamnesis API')
    .setDescription('Encrypted clinical records, audited access and cited diagnosis-report drafts.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  documentErrorResponses(document);
  documentPathIds(document);
  return document;
}

/** Every path parameter names a resource (patient, entry, report, user, job, message) by its UUID. */
function documentPathIds(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item) as { parameters?: ParameterObject[] }[])
      for (const parameter of operation?.parameters ?? [])
        if (parameter.in === 'path')
          Object.assign(parameter, {
            schema: { type: 'string', format: 'uuid' },
            example: '7d9f3a10-5b2c-4e8f-a1d4-3c6b8e2f9a01',
          });
}

/** Stable text for the committed openapi.json (sorted keys, trailing newline). */
export function serializeOpenApi(document: OpenAPIObject): string {
  const sort = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sort)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, sort(v)]),
          )
        : value;
  return `${JSON.stringify(sort(document), null, 2)}\n`;
}
