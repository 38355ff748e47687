/** The RunRecord zod schema and its JSON Schema. STUB until the record schema lands. */
export function recordJsonSchema(): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'capplan RunRecord v1 (stub)', type: 'object' };
}
