/**
 * The rules for a password a teacher chooses in the portal, shown on the page in these words and
 * checked here; the check against the current (initial) password needs its hash, so the route
 * does that one.
 */
import { COMMON_PASSWORDS, COMMON_WORDS } from "./common-passwords";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;

/**
 * A typed password longer than this (the forms' own maxlength) is never checked: no password is
 * that long (initial ones have 12 characters, chosen ones at most 64), and PBKDF2 over a huge
 * input is work an attacker chooses for us.
 */
export const PASSWORD_INPUT_MAX_LENGTH = 128;

/** The typed password, or undefined when it is too long to be one (not to be hashed). */
export function checkablePassword(typed: string): string | undefined {
  return typed.length > PASSWORD_INPUT_MAX_LENGTH ? undefined : typed;
}

/** The rules as the page lists them. */
export const PASSWORD_RULES: readonly string[] = [
  `至少 ${PASSWORD_MIN_LENGTH} 位，最多 ${PASSWORD_MAX_LENGTH} 位`,
  "同时包含字母和数字，不能只是数字加一两个字母",
  "不能是常见密码（如 password1、qwerty123、woaini1314），不能主要由重复、连续或键盘上相邻的字符组成",
  "不能与初始密码或当前密码相同，不能包含教师编号（含倒序）或姓名",
];

export const SAME_AS_CURRENT = "新密码不能与初始密码或当前密码相同";

/** Whose password it is: what it must not be built from. */
export interface PasswordOwner {
  readonly teacherNumber: string;
  /** The name as the registry holds it (as typed; pinyin is out of reach). */
  readonly name: string;
}

/** What is wrong with a new password, in the page's words; empty when it may be used. */
export function passwordProblems(
  password: string,
  confirmation: string,
  owner: PasswordOwner,
): string[] {
  const problems: string[] = [];
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`新密码太短：至少 ${PASSWORD_MIN_LENGTH} 位`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`新密码太长：最多 ${PASSWORD_MAX_LENGTH} 位`);
  const halfWidth = password.normalize("NFKC");
  if (!/[A-Za-z]/.test(halfWidth) || !/\d/.test(halfWidth))
    problems.push("新密码须同时包含字母和数字");
  const weakness = guessable(password, owner);
  if (weakness !== undefined) problems.push(weakness);
  if (password !== confirmation) problems.push("两次输入的新密码不一致");
  return problems;
}

/**
 * Why an attacker would guess the password early, or undefined. Compared as a phone may type it
 * (full-width made half-width) and in lower case: case adds nothing to a guess list.
 */
function guessable(password: string, owner: PasswordOwner): string | undefined {
  const typed = password.normalize("NFKC").toLowerCase();
  if (builtFromNumber(typed, owner.teacherNumber))
    return "新密码不能包含教师编号（含倒序或后 6 位）";
  const name = owner.name.normalize("NFKC").replace(/\s+/gu, "").toLowerCase();
  if (Array.from(name).length >= 2 && typed.includes(name)) return "新密码不能包含姓名";
  if (COMMON_PASSWORDS.has(typed) || COMMON_WORDS.has(stem(typed)))
    return "新密码太常见，容易被猜中，请换一个";
  if ((typed.match(/[a-z]/g) ?? []).length <= 2 && /^[a-z\d]+$/.test(typed))
    return "新密码不能只是数字加一两个字母";
  if (simple(typed)) return "新密码过于简单（重复的字符，或连续、键盘上相邻的字符），请换一个";
  return undefined;
}

/** The number, its 6-digit serial (the part that tells teachers apart), or either reversed. */
function builtFromNumber(typed: string, teacherNumber: string): boolean {
  const reverse = (text: string) => Array.from(text).reverse().join("");
  const serial = teacherNumber.slice(-6);
  return [teacherNumber, serial].some(
    (part) => typed.includes(part) || typed.includes(reverse(part)),
  );
}

/** The password without the digits and symbols at its ends: `password2026!` → `password`. */
function stem(typed: string): string {
  return typed.replace(/^[\d\p{P}\p{S}]+|[\d\p{P}\p{S}]+$/gu, "");
}

/**
 * Strings whose neighbours follow on: the alphabet and digits, keyboard rows, columns and the
 * zigzags people type (`1qaz2wsx`, `q1w2e3r4`). Read in both directions.
 */
const RUNS = [
  "abcdefghijklmnopqrstuvwxyz",
  "01234567890",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
  "zaq1xsw2cde3vfr4bgt5nhy6mju7",
  "qazwsxedcrfvtgbyhnujmikolp",
  "1q2w3e4r5t6y7u8i9o0p",
  "q1w2e3r4t5y6u7i8o9p0",
  "a1s2d3f4g5h6j7k8l9",
];

function followsOn(a: string, b: string): boolean {
  return a === b || RUNS.some((run) => run.includes(a + b) || run.includes(b + a));
}

/**
 * Mostly one character, one short part repeated, or at most three runs of repeated, consecutive
 * or keyboard-adjacent characters (`aaaaaaa1`, `abc1abc1`, `abc12345`, `1qaz2wsx`).
 */
function simple(typed: string): boolean {
  const chars = Array.from(typed);
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  if (Math.max(...counts.values()) * 2 >= chars.length) return true;
  if (/^(.+?)\1+$/u.test(typed)) return true;
  let breaks = 0;
  for (let i = 1; i < chars.length; i++)
    if (!followsOn(chars[i - 1] as string, chars[i] as string)) breaks++;
  return breaks <= 2;
}

/**
 * The 教师编号 as typed, the way the registry spells it: full-width digits (a phone's Chinese
 * keyboard) made half-width, and every space, tab or ideographic space dropped. Sign-in looks up
 * and throttles this form only, so no spelling of a number escapes its count.
 */
export function canonicalTeacherNumber(typed: string): string {
  return typed.normalize("NFKC").replace(/\s+/gu, "");
}
