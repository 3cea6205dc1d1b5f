/** Template problems point at the file and the entry, so whoever edits the data can find it. */
import { type ZodError, z } from "zod";

export interface TemplateIssue {
  readonly file: string;
  readonly where: string;
  readonly message: string;
}

export type TemplateResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly TemplateIssue[] };

export function formatTemplateIssue(issue: TemplateIssue): string {
  return issue.where === ""
    ? `${issue.file}：${issue.message}`
    : `${issue.file} › ${issue.where}：${issue.message}`;
}

const LABEL_FIELDS = ["header", "id", "code", "key", "rule", "after"] as const;

function labelOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const field of LABEL_FIELDS) {
    const label = record[field];
    if (typeof label === "string") return label;
  }
  return undefined;
}

/** Renders a path like `columns[3]「岗位等级」.codeTable`, naming array entries by their label. */
export function describePath(root: unknown, path: readonly PropertyKey[]): string {
  let text = "";
  let node: unknown = root;
  for (const segment of path) {
    const next =
      typeof node === "object" && node !== null
        ? (node as Record<PropertyKey, unknown>)[segment]
        : undefined;
    if (typeof segment === "number") {
      const label = labelOf(next);
      text += label === undefined ? `[${segment}]` : `[${segment}]「${label}」`;
    } else {
      text += text === "" ? String(segment) : `.${String(segment)}`;
    }
    node = next;
  }
  return text;
}

const zh = z.locales.zhCN().localeError;

/** Parses with Chinese messages; the error map is passed per call so global zod config is untouched. */
export function parseWithIssues<S extends z.ZodType>(
  schema: S,
  file: string,
  raw: unknown,
  prefix: readonly PropertyKey[] = [],
): TemplateResult<z.infer<S>> {
  const parsed = schema.safeParse(raw, { error: zh });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: zodIssues(file, raw, parsed.error, prefix) };
}

function zodIssues(
  file: string,
  raw: unknown,
  error: ZodError,
  prefix: readonly PropertyKey[],
): TemplateIssue[] {
  return error.issues.map((issue) => {
    const where = describePath(raw, [...prefix, ...issue.path]);
    if (issue.code === "invalid_union" && "options" in issue && issue.discriminator) {
      const found = valueAt(raw, [...prefix, ...issue.path]);
      const options = (issue.options ?? []).map(String).join("、");
      return { file, where, message: `未知的类型「${String(found)}」，可选：${options}` };
    }
    return { file, where, message: issue.message };
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}
