import { z } from "zod";
import type { EmulatorContext } from "../context";
import { PROTECTED_MESSAGE } from "../model/protection";
import { type ApiAnswer, a1, apiMessage, callAs, quotedTitle } from "./api";
import { jsonAnswer, type Page } from "./html";
import { lockedBy, type ProtectionView, protectionLabel } from "./protections";

/**
 * The page's edits: one block of cells (one cell, a tick, or a pasted block) written with
 * values.batchUpdate as the chosen account, USER_ENTERED as a person typing into Sheets. A refusal
 * comes back with Google's message and the reason in Chinese.
 */
const WriteBody = z.strictObject({
  tab: z.string().min(1),
  row: z.number().int().min(0),
  col: z.number().int().min(0),
  values: z.array(z.array(z.union([z.string(), z.boolean()]))).min(1),
});
type WriteBody = z.infer<typeof WriteBody>;

export async function writeCells(
  ctx: EmulatorContext,
  email: string,
  id: string,
  raw: unknown,
): Promise<Page> {
  const parsed = WriteBody.safeParse(raw);
  if (!parsed.success) return jsonAnswer(400, { ok: false, message: "页面发来的修改无法识别。" });
  const body = parsed.data;
  const answer = await callAs(
    ctx,
    email,
    "POST",
    `/v4/spreadsheets/${encodeURIComponent(id)}/values:batchUpdate`,
    {
      valueInputOption: "USER_ENTERED",
      data: [{ range: a1(body.tab, body.row, body.col), values: body.values }],
      includeValuesInResponse: true,
    },
  );
  if (answer.status === 200) {
    const updated = (answer.body as { responses?: { updatedData?: { values?: unknown[][] } }[] })
      .responses?.[0]?.updatedData?.values;
    return jsonAnswer(200, { ok: true, values: updated ?? [] });
  }
  const message = await refusal(ctx, email, id, body, answer);
  return jsonAnswer(answer.status, { ok: false, message, google: apiMessage(answer.body) });
}

async function refusal(
  ctx: EmulatorContext,
  email: string,
  id: string,
  body: WriteBody,
  answer: ApiAnswer,
): Promise<string> {
  const google = apiMessage(answer.body);
  if (answer.status === 403 && google === PROTECTED_MESSAGE) {
    const labels = await blockingLabels(ctx, email, id, body);
    return `不能修改：${labels.join("；") || "这些单元格受保护"}。当前身份不在可编辑名单中，修改没有保存。`;
  }
  if (answer.status === 403) return "当前身份对这个表格只有查看权限，修改没有保存。";
  if (answer.status === 404) return "这个表格已不存在，修改没有保存。";
  if (answer.status === 429) return "操作太频繁，超过了每分钟的写入次数限制。请稍等一分钟再试。";
  if (answer.status === 400) return "表格拒绝了这次修改（内容或位置不对），修改没有保存。";
  return `保存失败（HTTP ${answer.status}），请稍后再试。`;
}

/** The descriptions of the protections the written block runs into, as the caller sees them. */
async function blockingLabels(
  ctx: EmulatorContext,
  email: string,
  id: string,
  body: WriteBody,
): Promise<string[]> {
  const fields =
    "sheets.protectedRanges(range,unprotectedRanges,description,requestingUserCanEdit)";
  const read = await callAs(
    ctx,
    email,
    "GET",
    `/v4/spreadsheets/${encodeURIComponent(id)}?ranges=${encodeURIComponent(quotedTitle(body.tab))}&fields=${fields}`,
  );
  const protections =
    (read.body as { sheets?: { protectedRanges?: ProtectionView[] }[] }).sheets?.[0]
      ?.protectedRanges ?? [];
  const labels = new Set<string>();
  body.values.forEach((line, r) => {
    line.forEach((_, c) => {
      const by = lockedBy(protections, body.row + r, body.col + c);
      if (by) labels.add(protectionLabel(by));
    });
  });
  return [...labels];
}
