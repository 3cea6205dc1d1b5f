/**
 * Account slips (账号条): what the school system admin prints and cuts, one slip per new teacher
 * (教师编号, initial password, the portal address and its QR code, what to do first), built from
 * one read of the 账号 tab, the only place an initial password exists in clear.
 *
 * Guarantees of `slipsFromTab`:
 * - nothing is read from a tab whose row 1 does not show the worker's headers where it puts them
 *   (the tab is protected for the worker alone; a different layout means it is not that tab);
 * - a slip only for a row with a teacher number and a password shown; a row with a number and no
 *   password is listed as cleared (signed in or expired), without a slip; anything else (a row
 *   left by a transferred teacher, an empty row) is ignored;
 * - the slip carries exactly what the tab shows of the teacher: number, name, password. No ID
 *   number exists in the tab, so none can reach a slip.
 *
 * The link cells (`slipLinkWrite`): right of the 账号 columns, in rows 2–3 (H2:I3), so that
 * neither provisioning's header row nor any teacher's cells (A–F) are touched, and a provisioning
 * re-run (which reads row 1 for headers) neither sees nor changes them.
 */
import { ACCOUNT_HEADERS, ACCOUNTS_TITLE } from "./tab";

/** Where the print page lives: `<base>/slips/<token>`. */
export const SLIPS_PATH = "/slips";
/** The teacher portal, whose address the slips carry. */
export const PORTAL_ADDRESS_PATH = "/portal/";

export const SLIP_LINK_LABEL = "打印账号条";
export const PORTAL_ADDRESS_LABEL = "教师登录地址";
/** The cells the worker writes the two addresses into, labels in H and addresses in I. */
export const SLIP_LINK_RANGE = `'${ACCOUNTS_TITLE}'!H2:I3`;

export interface Slip {
  readonly teacherNumber: string;
  readonly name: string;
  readonly password: string;
}

export interface ClearedAccount {
  readonly teacherNumber: string;
  readonly name: string;
}

export interface SlipSheet {
  readonly slips: readonly Slip[];
  /** Teachers whose password is no longer shown: signed in, expired, or brought by a transfer. */
  readonly cleared: readonly ClearedAccount[];
}

const TEACHER_NUMBER = /^\d{12}$/;

/**
 * The slips of a read of `'账号'!A1:C` (or wider), in the tab's order; `only` keeps the one
 * teacher. `null` when row 1 is not the worker's header.
 */
export function slipsFromTab(
  values: readonly (readonly unknown[])[],
  only?: string,
): SlipSheet | null {
  const header = (values[0] ?? []).slice(0, 3).map(text);
  const expected = [ACCOUNT_HEADERS.number, ACCOUNT_HEADERS.name, ACCOUNT_HEADERS.password];
  if (expected.some((title, index) => header[index] !== title)) return null;
  const slips: Slip[] = [];
  const cleared: ClearedAccount[] = [];
  for (const row of values.slice(1)) {
    const [teacherNumber, name, password] = [text(row[0]), text(row[1]), text(row[2])];
    if (!TEACHER_NUMBER.test(teacherNumber)) continue;
    if (only !== undefined && teacherNumber !== only) continue;
    if (password === "") cleared.push({ teacherNumber, name });
    else slips.push({ teacherNumber, name, password });
  }
  return { slips, cleared };
}

function text(cell: unknown): string {
  return typeof cell === "string" || typeof cell === "number" ? String(cell).trim() : "";
}

/** `k7m2p9q4x3z8` → `["k7m2", "p9q4", "x3z8"]`: groups of four, read aloud one at a time. */
export function passwordGroups(password: string): string[] {
  return password.match(/.{1,4}/g) ?? [];
}

/** The print page's address for a token, and the portal's, from the worker's base address. */
export function slipAddresses(base: string, token: string): { slips: string; portal: string } {
  const root = base.replace(/\/+$/, "");
  return { slips: `${root}${SLIPS_PATH}/${token}`, portal: `${root}${PORTAL_ADDRESS_PATH}` };
}

/** The write (RAW, in the tab write's batch) that shows both addresses beside the 账号 columns. */
export function slipLinkWrite(addresses: { slips: string; portal: string }): {
  range: string;
  values: string[][];
} {
  return {
    range: SLIP_LINK_RANGE,
    values: [
      [SLIP_LINK_LABEL, addresses.slips],
      [PORTAL_ADDRESS_LABEL, addresses.portal],
    ],
  };
}

/** What a teacher does first with a slip, in order. */
export const FIRST_STEPS: readonly string[] = [
  "用手机打开上面的登录地址，或扫描二维码。",
  "输入教师编号和初始密码登录。",
  "按提示设置自己的新密码（初始密码随即作废）。",
  "打开「我的信息」，核对本人信息。",
  "信息有误：在系统中提交更正，或告诉学校信息管理员。",
];

/** Said at the end of the page for each teacher without a slip. */
export const CLEARED_NOTE = "已登录或已过期，如需重新发放请在账号表勾选“重置密码”";
