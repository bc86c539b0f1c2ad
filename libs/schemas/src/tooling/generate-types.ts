/**
 * Generates the TypeScript module of every topic from its Avro schema: one
 * interface per record (plus an `…Input` variant where fields with defaults are
 * optional, for producers), one string-literal union per enum, the topic's
 * root type, and the schema itself embedded as data so the runtime reads no
 * files. Used by tools/schemas/generate-types.ts and by the drift test.
 */
import type {
  AvroEnumSchema,
  AvroField,
  AvroRecordSchema,
  AvroSchema,
  TopicDefinition,
} from '../avro-schema';

/** `schemas/topics.json`. */
export interface TopicsFile {
  topics: Record<
    string,
    { schema: string; discriminator?: { field: string; default?: string }; jsonArrayForm?: boolean }
  >;
}

/** One output file: path relative to `libs/schemas/src/generated/`, unformatted source. */
export interface GeneratedModule {
  file: string;
  source: string;
}

type Named =
  | { kind: 'record'; schema: AvroRecordSchema; fullName: string; namespace: string | undefined }
  | { kind: 'enum'; schema: AvroEnumSchema; fullName: string }
  | { kind: 'fixed'; fullName: string };

const PRIMITIVE_TS: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal[0].toLowerCase() + pascal.slice(1);
}

function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function isObject(schema: AvroSchema): schema is Exclude<AvroSchema, string | AvroSchema[]> {
  return typeof schema === 'object' && !Array.isArray(schema);
}

/** Collects every named type of a schema, in definition order. */
function collectNamed(schema: AvroSchema, namespace: string | undefined, out: Map<string, Named>) {
  if (Array.isArray(schema)) {
    for (const branch of schema) collectNamed(branch, namespace, out);
    return;
  }
  if (!isObject(schema)) return;
  switch (schema.type) {
    case 'record':
    case 'error': {
      const record = schema as AvroRecordSchema;
      const fullName = qualify(record.name, record.namespace ?? namespace);
      const ns = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : undefined;
      out.set(fullName, { kind: 'record', schema: record, fullName, namespace: ns });
      for (const field of record.fields) collectNamed(field.type, ns, out);
      return;
    }
    case 'enum': {
      const en = schema as AvroEnumSchema;
      const fullName = qualify(en.name, en.namespace ?? namespace);
      out.set(fullName, { kind: 'enum', schema: en, fullName });
      return;
    }
    case 'fixed': {
      out.set(qualify(schema.name, schema.namespace ?? namespace), {
        kind: 'fixed',
        fullName: qualify(schema.name, schema.namespace ?? namespace),
      });
      return;
    }
    case 'array':
      collectNamed(schema.items, namespace, out);
      return;
    case 'map':
      collectNamed(schema.values, namespace, out);
      return;
  }
}

function isJsonLogical(schema: AvroSchema): boolean {
  return isObject(schema) && 'logicalType' in schema && schema.logicalType === 'json';
}

function jsDoc(lines: (string | undefined)[], indent = ''): string {
  const text = lines.filter((line): line is string => !!line).join(' ');
  if (!text) return '';
  return `${indent}/** ${text.replace(/\*\//g, '*\\/')} */\n`;
}

class ModuleBuilder {
  private readonly named = new Map<string, Named>();
  /** Records whose Input variant differs from the record type. */
  private readonly needsInput = new Map<string, boolean>();

  constructor(private readonly schema: AvroSchema) {
    collectNamed(schema, undefined, this.named);
    const seen = new Map<string, string>();
    for (const fullName of this.named.keys()) {
      const short = shortName(fullName);
      const other = seen.get(short);
      if (other)
        throw new Error(`two named types share the short name ${short}: ${other}, ${fullName}`);
      seen.set(short, fullName);
    }
  }

  private lookup(name: string, namespace: string | undefined): Named {
    const found = this.named.get(qualify(name, namespace)) ?? this.named.get(name);
    if (!found) throw new Error(`unknown type reference ${name}`);
    return found;
  }

  private recordNeedsInput(
    named: Extract<Named, { kind: 'record' }>,
    stack = new Set<string>(),
  ): boolean {
    const cached = this.needsInput.get(named.fullName);
    if (cached !== undefined) return cached;
    if (stack.has(named.fullName)) return false;
    stack.add(named.fullName);
    const result = named.schema.fields.some(
      (field) =>
        field.default !== undefined || this.typeNeedsInput(field.type, named.namespace, stack),
    );
    this.needsInput.set(named.fullName, result);
    return result;
  }

  private typeNeedsInput(
    schema: AvroSchema,
    namespace: string | undefined,
    stack: Set<string>,
  ): boolean {
    if (Array.isArray(schema))
      return schema.some((branch) => this.typeNeedsInput(branch, namespace, stack));
    if (typeof schema === 'string') {
      if (PRIMITIVE_TS[schema]) return false;
      const named = this.lookup(schema, namespace);
      return named.kind === 'record' && this.recordNeedsInput(named, stack);
    }
    switch (schema.type) {
      case 'record':
      case 'error': {
        const named = this.lookup(qualify(schema.name, schema.namespace ?? namespace), undefined);
        return named.kind === 'record' && this.recordNeedsInput(named, stack);
      }
      case 'array':
        return this.typeNeedsInput(schema.items, namespace, stack);
      case 'map':
        return this.typeNeedsInput(schema.values, namespace, stack);
      default:
        return false;
    }
  }

  private refName(named: Named, input: boolean): string {
    const name = shortName(named.fullName);
    return input && named.kind === 'record' && this.recordNeedsInput(named) ? `${name}Input` : name;
  }

  /** The TypeScript type of a schema node. */
  tsType(schema: AvroSchema, namespace: string | undefined, input: boolean): string {
    if (Array.isArray(schema)) {
      return schema.map((branch) => this.tsType(branch, namespace, input)).join(' | ');
    }
    if (typeof schema === 'string') {
      return PRIMITIVE_TS[schema] ?? this.refName(this.lookup(schema, namespace), input);
    }
    switch (schema.type) {
      case 'record':
      case 'error':
      case 'enum':
      case 'fixed':
        return this.refName(
          this.lookup(qualify(schema.name, schema.namespace ?? namespace), undefined),
          input,
        );
      case 'array': {
        const items = this.tsType(schema.items, namespace, input);
        return /[|\s]/.test(items) ? `Array<${items}>` : `${items}[]`;
      }
      case 'map':
        return `Record<string, ${this.tsType(schema.values, namespace, input)}>`;
      default:
        if (isJsonLogical(schema)) return 'JsonObject';
        return PRIMITIVE_TS[schema.type];
    }
  }

  private fieldLine(field: AvroField, namespace: string | undefined, input: boolean): string {
    const optional = input && field.default !== undefined;
    const defaultNote =
      field.default === undefined
        ? undefined
        : `(Default: ${isJsonLogical(field.type) && typeof field.default === 'string' ? field.default : JSON.stringify(field.default)}.)`;
    return (
      jsDoc(
        [
          field.doc,
          defaultNote,
          field.aliases?.length ? `(Alias: ${field.aliases.join(', ')}.)` : undefined,
        ],
        '  ',
      ) + `  ${field.name}${optional ? '?' : ''}: ${this.tsType(field.type, namespace, input)};\n`
    );
  }

  declarations(): string {
    let out = '';
    for (const named of this.named.values()) {
      const name = shortName(named.fullName);
      if (named.kind === 'enum') {
        out += jsDoc([named.schema.doc]);
        out += `export type ${name} = ${named.schema.symbols.map((s) => JSON.stringify(s)).join(' | ')};\n\n`;
      } else if (named.kind === 'fixed') {
        out += `export type ${name} = Buffer;\n\n`;
      } else {
        const doc = jsDoc([named.schema.doc, `(Avro record ${named.fullName}.)`]);
        out += `${doc}export interface ${name} {\n`;
        for (const field of named.schema.fields)
          out += this.fieldLine(field, named.namespace, false);
        out += '}\n\n';
        if (this.recordNeedsInput(named)) {
          out += jsDoc([`${name} as a producer passes it: fields with a default may be left out.`]);
          out += `export interface ${name}Input {\n`;
          for (const field of named.schema.fields)
            out += this.fieldLine(field, named.namespace, true);
          out += '}\n\n';
        } else {
          out += `export type ${name}Input = ${name};\n\n`;
        }
      }
    }
    return out;
  }

  /** Every exported name the declarations use. */
  declaredNames(): Set<string> {
    const names = new Set<string>();
    for (const named of this.named.values()) {
      names.add(shortName(named.fullName));
      if (named.kind === 'record') names.add(`${shortName(named.fullName)}Input`);
    }
    return names;
  }

  usesJson(): boolean {
    return JSON.stringify(this.schema).includes('"logicalType":"json"');
  }
}

/** Generates the modules for every topic plus the index that maps topics to types. */
export function generateTypeModules(
  topicsFile: TopicsFile,
  schemas: ReadonlyMap<string, AvroSchema>,
): GeneratedModule[] {
  const modules: GeneratedModule[] = [];
  const entries = Object.entries(topicsFile.topics);
  for (const [topic, config] of entries) {
    const schema = schemas.get(config.schema);
    if (schema === undefined)
      throw new Error(`schemas/${config.schema} (topic ${topic}) not found`);
    const builder = new ModuleBuilder(schema);
    const base = pascalCase(topic);
    const declared = builder.declaredNames();
    for (const reserved of [`${base}Message`, `${base}MessageInput`, 'definition']) {
      if (declared.has(reserved))
        throw new Error(`schemas/${config.schema}: type name ${reserved} is reserved`);
    }
    const definition: TopicDefinition = {
      topic,
      file: config.schema,
      schema,
      ...(config.discriminator ? { discriminator: config.discriminator } : {}),
      ...(config.jsonArrayForm ? { jsonArrayForm: true } : {}),
    };
    let source = `// Generated from schemas/${config.schema} by tools/schemas/generate-types.ts. Do not edit.\n`;
    source += `import type { TopicDefinition } from '../avro-schema';\n`;
    if (builder.usesJson()) source += `import type { JsonObject } from '../json';\n`;
    source += '\n';
    source += builder.declarations();
    source += jsDoc([`A message of topic ${topic} as decoded.`]);
    source += `export type ${base}Message = ${builder.tsType(schema, undefined, false)};\n\n`;
    source += jsDoc([`A message of topic ${topic} as passed to encode().`]);
    source += `export type ${base}MessageInput = ${builder.tsType(schema, undefined, true)};\n\n`;
    source += `export const definition: TopicDefinition = ${JSON.stringify(definition)};\n`;
    modules.push({ file: `${topic}.generated.ts`, source });
  }

  let index =
    '// Generated from schemas/topics.json by tools/schemas/generate-types.ts. Do not edit.\n';
  index += `import type { TopicDefinition } from '../avro-schema';\n`;
  for (const [topic] of entries) {
    index += `import * as ${camelCase(topic)} from './${topic}.generated';\n`;
  }
  index += '\n';
  for (const [topic] of entries) {
    index += `export * as ${pascalCase(topic)} from './${topic}.generated';\n`;
  }
  index += '\n/** Every topic with a schema in schemas/. */\n';
  index += `export const TOPICS = [${entries.map(([topic]) => JSON.stringify(topic)).join(', ')}] as const;\n\n`;
  index += 'export type Topic = (typeof TOPICS)[number];\n\n';
  index += '/** The decoded record type of each topic. */\nexport interface TopicRecordMap {\n';
  for (const [topic] of entries)
    index += `  ${JSON.stringify(topic)}: ${camelCase(topic)}.${pascalCase(topic)}Message;\n`;
  index +=
    '}\n\n/** The record type each topic accepts for encoding. */\nexport interface TopicInputMap {\n';
  for (const [topic] of entries)
    index += `  ${JSON.stringify(topic)}: ${camelCase(topic)}.${pascalCase(topic)}MessageInput;\n`;
  index += '}\n\nexport const TOPIC_DEFINITIONS: { readonly [T in Topic]: TopicDefinition } = {\n';
  for (const [topic] of entries)
    index += `  ${JSON.stringify(topic)}: ${camelCase(topic)}.definition,\n`;
  index += '};\n';
  modules.push({ file: 'index.generated.ts', source: index });
  return modules;
}
