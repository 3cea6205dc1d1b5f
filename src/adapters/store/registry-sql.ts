/** Small helpers shared by the registry's SQL modules. */

/**
 * Lists are passed to SQL as one JSON parameter read with `json_each`, which sidesteps D1's limit
 * of 100 bound parameters and keeps a bulk write one statement. Chunks stay well under D1's
 * 2 MB limit on a single value.
 */
const CHUNK_CHARS = 500_000;

export function jsonChunks<T>(items: readonly T[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const item of items) {
    const json = JSON.stringify(item);
    if (current.length > 0 && size + json.length > CHUNK_CHARS) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 0;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

/** One statement per chunk of `items`, the chunk bound as `?1`. */
export function bulk<T>(
  db: D1Database,
  sql: string,
  items: readonly T[],
  ...rest: unknown[]
): D1PreparedStatement[] {
  return jsonChunks(items).map((json) => db.prepare(sql).bind(json, ...rest));
}

/** Runs the statements as one transaction; D1 refuses an empty batch, so none is sent. */
export async function runBatch(db: D1Database, statements: readonly D1PreparedStatement[]) {
  if (statements.length > 0) await db.batch([...statements]);
}
