/**
 * What the worker writes into 审核状态 and 校验结果, in one place so every row reads the same way.
 *
 * Guarantees:
 * - the texts are a function of the record's state, its reason and the row's findings only, never
 *   of what happened in this cycle, so a second sync with nothing changed writes nothing;
 * - errors come first and say that the row cannot be approved; warnings follow as 提示;
 * - a row with nothing to say shows `校验通过`, so users can tell a checked row from an unread one.
 */
import { REVIEW_STATE_LABELS, type ReviewState } from "./states";

export const PASSED = "校验通过";

/** Prefix of the error list; also the reason given when a tick on a row with errors is cleared. */
export const ERRORS_PREFIX = "有错误，不能审核：";

/** Why a tick is cleared when an edit revoked it, and what a revoked row says meanwhile. */
export const REVOKED_UNSEEN = "审核后本行被修改，审核勾选已取消，请核对后重新勾选";

const STATE_NOTES: Partial<Record<ReviewState, string>> = {
  revoked: REVOKED_UNSEEN,
  change_pending: "变更已提交领导小组办公室审批，批准前原已生效信息仍然有效",
};

export function statusText(state: ReviewState): string {
  return REVIEW_STATE_LABELS[state];
}

export function resultText(
  state: ReviewState,
  reason: string | null,
  errors: readonly string[],
  warnings: readonly string[],
): string {
  const lines: string[] = [];
  if (reason !== null && state === "returned") lines.push(`退回原因：${reason}`);
  if (reason !== null && state === "effective") lines.push(`变更未获批准，已恢复原信息：${reason}`);
  const note = STATE_NOTES[state];
  if (note !== undefined) lines.push(note);
  if (errors.length > 0) lines.push(`${ERRORS_PREFIX}${errors.join("；")}`);
  if (warnings.length > 0) lines.push(`提示：${warnings.join("；")}`);
  return lines.length === 0 ? PASSED : lines.join("\n");
}

/** Why a tick on a returned, unchanged row is cleared. */
export const RETURNED_UNCHANGED = "已退回，请按退回原因修改后再勾选";
