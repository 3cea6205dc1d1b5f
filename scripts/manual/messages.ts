/**
 * The appendix of messages: every text of src/core/validate/messages.ts, its placeholders shown
 * as 「…」, whether it blocks approval, and 怎么办 from `how-to.ts`.
 */
import { ISSUE_CODES } from "../../src/core/normalise/index";
import {
  type FindingCode,
  messageFor,
  type Params,
  severityOf,
  VALIDATE_CODES,
} from "../../src/core/validate/index";
import { type Chapter, p, table } from "./document";

export const FINDING_CODES: readonly FindingCode[] = [...ISSUE_CODES, ...VALIDATE_CODES];

const PLACEHOLDER = "…";

/** Parameters that read as "something" whatever the message asks for. */
const anyParams: Params = new Proxy(
  {},
  { get: (_, name) => (typeof name === "string" ? PLACEHOLDER : undefined) },
);

/** The message with each placeholder shown as 「…」 (or as …, where the text already quotes it). */
export function messageTemplate(code: FindingCode): string {
  return messageFor(code, anyParams, null).replace(/(?<![「“（(])…(?![」”）)])/g, "「…」");
}

export function messagesChapter(howTo: Readonly<Partial<Record<FindingCode, string>>>): Chapter {
  const rows = FINDING_CODES.map((code) => {
    const advice = howTo[code];
    if (advice === undefined || advice.trim() === "")
      throw new Error(`scripts/manual/how-to.ts 缺少「${code}」的怎么办`);
    return [messageTemplate(code), severityOf(code) === "error" ? "错误" : "提示", advice];
  });
  return {
    id: "常见提示",
    title: "附录：校验结果中的提示",
    blocks: [
      p(
        "「校验结果」中每条提示前面是列名（如“身份证件号：”），后面是下表中的一句话；「…」处是该行的具体内容。“错误”的行不能审核，须改正；“提示”只请核对，不影响审核。",
      ),
      table(["提示", "类别", "怎么办"], rows),
    ],
  };
}
