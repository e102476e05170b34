import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PROJECT_ROOT } from '../../src/database/paths.js';

/** What schema.prisma says the database holds, in database terms, read through Prisma's own DMMF. */
export interface ExpectedColumn {
  table: string;
  column: string;
  type: string; // information_schema data_type, or the enum name for enums
  nullable: boolean;
  isArray: boolean;
  hasDbDefault: boolean;
}

export interface ExpectedIndex {
  table: string;
  columns: string[];
  kind: 'primary' | 'unique' | 'index';
}

export interface ExpectedForeignKey {
  table: string;
  columns: string[];
  references: string;
}

interface DmmfField {
  name: string;
  dbName?: string;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isRequired: boolean;
  isList: boolean;
  isUpdatedAt: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string }[] }[];
    indexes: { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; fields: { name: string }[] }[];
  };
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp without time zone',
  Float: 'double precision',
  Decimal: 'numeric',
  Json: 'jsonb',
  Bytes: 'bytea',
};
const NATIVE_TYPES: Record<string, string> = {
  Uuid: 'uuid',
  Timestamptz: 'timestamp with time zone',
  Timestamp: 'timestamp without time zone',
  VarChar: 'character varying',
  Char: 'character',
  Text: 'text',
  SmallInt: 'smallint',
  Integer: 'integer',
  BigInt: 'bigint',
  JsonB: 'jsonb',
  Json: 'json',
  ByteA: 'bytea',
  Date: 'date',
  Real: 'real',
  DoublePrecision: 'double precision',
  Inet: 'inet',
};

function dbDefault(field: DmmfField): boolean {
  if (field.default === undefined) return false;
  const fn = (field.default as { name?: string }).name;
  // uuid() and cuid() are filled in by the client, not the database.
  return !(fn === 'uuid' || fn === 'cuid' || fn === 'nanoid' || fn === 'ulid');
}

export function readExpectedSchema() {
  const require = createRequire(import.meta.url);
  const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
  const folder = join(PROJECT_ROOT, 'prisma', 'schema');
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.prisma'))
    .map((name) => [name, readFileSync(join(folder, name), 'utf8')]);
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: files }))) as Dmmf;
  const models = new Map(dmmf.datamodel.models.map((model) => [model.name, model]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName)!;
    return field.dbName ?? field.name;
  };
  const enumNames = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));

  const columns: ExpectedColumn[] = dmmf.datamodel.models.flatMap((model) =>
    model.fields
      .filter((field) => field.kind !== 'object')
      .map((field) => ({
        table: tableOf(model),
        column: field.dbName ?? field.name,
        type:
          field.kind === 'enum'
            ? enumNames.get(field.type)!
            : field.nativeType
              ? (NATIVE_TYPES[field.nativeType[0]] ?? field.nativeType[0])
              : SCALAR_TYPES[field.type]!,
        nullable: !field.isRequired,
        isArray: field.isList,
        hasDbDefault: dbDefault(field),
      })),
  );
  const indexes: ExpectedIndex[] = dmmf.datamodel.indexes
    .filter((index) => index.type !== 'fulltext')
    .map((index) => {
      const model = models.get(index.model)!;
      return {
        table: tableOf(model),
        columns: index.fields.map((f) => columnOf(model, f.name)),
        kind: index.type === 'id' ? 'primary' : index.type === 'unique' ? 'unique' : 'index',
      };
    });
  const foreignKeys: ExpectedForeignKey[] = dmmf.datamodel.models.flatMap((model) =>
    model.fields
      .filter((field) => field.kind === 'object' && field.relationFromFields?.length)
      .map((field) => ({
        table: tableOf(model),
        columns: field.relationFromFields!.map((name) => columnOf(model, name)),
        references: tableOf(models.get(field.type)!),
      })),
  );
  const enums = new Map(dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.name)]));
  return { tables: new Set(dmmf.datamodel.models.map(tableOf)), columns, indexes, foreignKeys, enums };
}
