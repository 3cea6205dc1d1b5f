import { describe, expect, it } from "vitest";
import {
  BUSINESS_ACTIONS,
  BUSINESS_KINDS,
  BUSINESS_STATES,
  PARTIES,
  unsettledFileProblem,
  waitsForSettledFile,
} from "../../../src/core/business/index";
import { shippedTemplates } from "../../../src/core/templates/bundle";

describe("a transfer hands over the file as it stands in force", () => {
  it("only the 调出学校's confirmation, 人事股's 确认调出 and the move itself wait for a settled file", () => {
    const waiting: string[] = [];
    for (const kind of BUSINESS_KINDS)
      for (const state of BUSINESS_STATES)
        for (const action of BUSINESS_ACTIONS)
          for (const party of PARTIES)
            if (waitsForSettledFile(kind, state, action, party))
              waiting.push(`${kind} ${state} ${action} ${party}`);
    expect(waiting).toEqual([
      "transfer counterpart_review confirm counterpart",
      "transfer release_review confirm county",
      "transfer archive_review confirm initiator",
      "transfer scheduled confirm system",
    ]);
  });

  it("the 调出学校 is told how many records, in which tabs (template order), and what to do", () => {
    expect(
      unsettledFileProblem("counterpart", ["training", "education", "training"], shippedTemplates),
    ).toBe(
      "本校尚有该教师未生效的记录 3 条（学习经历、国内培训），请先完成审核或删除未生效的行，再确认调出；「本校确认」已保留，这些记录都生效或删除后自动确认",
    );
    expect(unsettledFileProblem("counterpart", [], shippedTemplates)).toBeUndefined();
  });

  it("人事股 is told what the 调出学校 still holds and that it must settle it first", () => {
    expect(unsettledFileProblem("county", ["education"], shippedTemplates)).toBe(
      "调出学校尚有该教师未生效的记录 1 条（学习经历），须由调出学校完成审核（校长审核、县级复核）或删除未生效的行后，才能确认调出",
    );
    expect(unsettledFileProblem("county", [], shippedTemplates)).toBeUndefined();
  });

  it("the receiving school ticking 调档完成 is told the 调出学校 must settle first, tick kept", () => {
    expect(unsettledFileProblem("initiator", ["education"], shippedTemplates)).toBe(
      "调出学校尚有该教师未生效的记录 1 条（学习经历），须由调出学校完成审核或删除未生效的行后，调动才能完成；「调档完成」已保留，这些记录都生效或删除后自动完成",
    );
  });
});
