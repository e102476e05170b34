import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import type { OperationObject, ResponseObject } from '@nestjs/swagger';
import { buildOpenApiDocument, serializeOpenApi } from '../../src/openapi/openapi.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('matches the committed openapi.json (run `npm run openapi:write` after changing routes)', () => {
    const committed = readFileSync(join(PROJECT_ROOT, 'openapi.json'), 'utf8');
    expect(serializeOpenApi(buildOpenApiDocument(t.app))).toBe(committed);
  });

  it('is complete enough to generate a client from: summaries, response schemas, error bodies', () => {
    const document = buildOpenApiDocument(t.app);
    const problems: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
        const name = `${method.toUpperCase()} ${path}`;
        if (!operation.summary) problems.push(`${name}: no summary`);
        const responses = Object.entries(operation.responses ?? {}) as [string, ResponseObject][];
        if (!responses.some(([status]) => status === '500')) problems.push(`${name}: no 500`);
        for (const [status, response] of responses) {
          if (status === '204') continue;
          const media = Object.values(response.content ?? {});
          if (!media.length || media.some((content) => !content.schema))
            problems.push(`${name} ${status}: no schema`);
          if (status >= '400' && media[0]?.schema && !('$ref' in media[0].schema))
            problems.push(`${name} ${status}: not the error body`);
        }
        if (operation.security?.length && !(operation.responses ?? {})['401'])
          problems.push(`${name}: no 401`);
      }
    }
    expect(problems).toEqual([]);
    expect(document.components?.schemas?.ErrorResponse).toBeDefined();
  });

  it('gives every property of every request and response body, and every parameter, an example', () => {
    const document = buildOpenApiDocument(t.app);
    const missing: string[] = [];
    type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };
    const hasExample = (schema: Schema) => schema.example !== undefined || schema.examples !== undefined;
    const isObject = (schema: Schema) => schema.$ref || schema.oneOf || schema.allOf || schema.properties;
    // A property is exemplified by its own example or by one of an object that encloses it.
    const visit = (schema: Schema | undefined, where: string, covered: boolean): void => {
      if (!schema || typeof schema !== 'object') return;
      const inside = covered || hasExample(schema);
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const leaf = !isObject(property) && !(property.items && isObject(property.items));
        if (leaf && !inside && !hasExample(property) && !(property.items && hasExample(property.items)))
          missing.push(`${where}.${name}`);
        visit(property, `${where}.${name}`, inside);
      }
      visit(schema.items, `${where}[]`, inside);
      for (const key of ['oneOf', 'allOf', 'anyOf'])
        for (const part of (schema[key] as Schema[] | undefined) ?? []) visit(part, where, inside);
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        visit(schema.additionalProperties as Schema, `${where}{}`, inside);
    };
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {}))
      visit(schema as Schema, name, false);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
        const name = `${method.toUpperCase()} ${path}`;
        for (const parameter of (operation.parameters ?? []) as {
          name: string;
          example?: unknown;
          schema?: Schema;
        }[])
          if (parameter.example === undefined && !(parameter.schema && hasExample(parameter.schema)))
            missing.push(`${name} parameter ${parameter.name}`);
        for (const [status, response] of Object.entries(operation.responses ?? {}) as [
          string,
          ResponseObject,
        ][])
          for (const content of Object.values(response.content ?? {}))
            visit(content.schema as Schema, `${name} ${status}`, false);
      }
    }
    expect(missing).toEqual([]);
  });

  it('cites no file outside the repository', () => {
    const text = serializeOpenApi(buildOpenApiDocument(t.app));
    expect(text).not.toMatch(/CONTRACT\.md|DESIGN\.md|shared\//);
  });

  it('is served at /api/openapi.json and the UI at /api/docs', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().paths).toHaveProperty('/api/health');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});
