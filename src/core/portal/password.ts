/**
 * The rules for a password a teacher chooses in the portal, shown on the page in these words and
 * checked here; the check against the current (initial) password needs its hash, so the route
 * does that one.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;

/** The rules as the page lists them. */
export const PASSWORD_RULES: readonly string[] = [
  `至少 ${PASSWORD_MIN_LENGTH} 位，最多 ${PASSWORD_MAX_LENGTH} 位`,
  "同时包含字母和数字",
  "不能与初始密码或当前密码相同，不能是教师编号",
];

export const SAME_AS_CURRENT = "新密码不能与初始密码或当前密码相同";

/** What is wrong with a new password, in the page's words; empty when it may be used. */
export function passwordProblems(
  password: string,
  confirmation: string,
  teacherNumber: string,
): string[] {
  const problems: string[] = [];
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`新密码太短：至少 ${PASSWORD_MIN_LENGTH} 位`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`新密码太长：最多 ${PASSWORD_MAX_LENGTH} 位`);
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password))
    problems.push("新密码须同时包含字母和数字");
  if (password.includes(teacherNumber)) problems.push("新密码不能包含教师编号");
  if (password !== confirmation) problems.push("两次输入的新密码不一致");
  return problems;
}
