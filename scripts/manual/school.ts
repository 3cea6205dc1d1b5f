/** The chapters of the school's work: entering rows, reading 校验结果, the states, approving. */
import { HEADER_MARK_LINE } from "../../src/core/provision/header-marks";
import { NEW_TAB_ROWS } from "../../src/core/provision/index";
import { stateColourLines } from "../../src/core/provision/status-colours";
import {
  REVIEW_STATE_LABELS,
  REVIEW_STATE_MEANINGS,
  REVIEW_STATES,
  type ReviewState,
} from "../../src/core/review/states";
import {
  ERRORS_PREFIX,
  PASSED,
  RETURNED_UNCHANGED,
  REVOKED_UNSEEN,
} from "../../src/core/review/wording";
import type { Templates } from "../../src/core/templates/index";
import { type Chapter, heading, list, p, table } from "./document";
import type { Screenshots } from "./screenshots";

/** 怎么办 in each state; keyed by state so a new state does not compile without its advice. */
const STATE_ACTIONS: Readonly<Record<ReviewState, string>> = {
  incomplete: "信息管理员按「校验结果」改正；改正后下一轮同步自动重新校验。",
  ready: "校长核对原件，无误后勾选「校长审核」。",
  awaiting_recheck: "学校不需操作，等待县级复核；此时修改本行会取消审核。",
  returned: "信息管理员按退回原因修改，校长重新勾选「校长审核」。",
  effective: "不需操作。确需修改时直接改正，修改成为变更，须领导小组办公室审批。",
  change_pending: "等待领导小组办公室审批；批准前原已生效信息仍然有效，驳回则表格恢复原值。",
  revoked: "校长核对修改后的内容，无误后重新勾选「校长审核」。",
};

export function entryChapter(templates: Templates, shots: Screenshots): Chapter {
  const sections = templates.categories.primary_secondary.sections;
  const data = sections.filter((s) => s.kind === "section").map((s) => s.title);
  const requests = sections.filter((s) => s.kind === "request").map((s) => s.title);
  return {
    id: "录入",
    title: "录入（信息管理员）",
    blocks: [
      p(
        `本校信息采集表有「说明」标签页、${data.length}个信息采集标签页（${data.join("、")}）、${requests.length}个业务申请标签页（${requests.join("、")}）和「学分台账」（只读）。`,
      ),
      heading("怎么填"),
      list([
        "第1行是表头，请勿修改；从第2行起每行一条记录。鼠标停在表头上可看到该列的填写要求（各列要求见「各标签页的列和规则」）。",
        HEADER_MARK_LINE[1],
        "先填基本信息：每人一行。其他标签页每行先填「姓名」和「身份证件号」，须与基本信息中的一致。",
        "带下拉箭头的列从列表中选择；也可以填代码或“代码-名称”。日期写作 2017-03-10，年月写作 2017-03。",
        "身份证件号、电话等长号码列已设为纯文本，直接输入即可，不会丢位。",
        "可以从 Excel 或 WPS 复制多行多列后整块粘贴。",
        "新任教师只填基本信息和联系方式；离退休人员和合同不满一年的人员不在采集范围内。",
        "灰色列（审核状态、校验结果、记录编号、同步时间、教师编号）由系统填写，请勿修改或复制；黄色列由校长勾选。",
        `新表格每个标签页预留${NEW_TAB_ROWS}行。`,
      ]),
      ...shots.image("local-sheets.png", "本地表格页面：信息管理员录入基本信息"),
      heading("保存后"),
      p(
        "表格自动保存。系统每隔几分钟同步一次：每行写入「审核状态」和「校验结果」，基本信息校验通过的人员由系统发放全县唯一的教师编号（写在「教师编号」列）。教师编号显示「编号待分配」的，下一轮同步自动分配。",
      ),
    ],
  };
}

export function resultsChapter(): Chapter {
  return {
    id: "校验结果",
    title: "校验结果",
    blocks: [
      p("系统在每行的「校验结果」列写入本行的校验情况，每条占一行："),
      table(
        ["写的是", "意思"],
        [
          [PASSED, "本行没有问题。"],
          [`${ERRORS_PREFIX}…`, "本行有错误，校长不能审核；按每条提示改正，下一轮同步重新校验。"],
          ["提示：…", "请核对，但不影响审核；确实无误可不改。"],
          ["退回原因：…", "县级复核退回了本行，按原因修改后请校长重新勾选。"],
          [
            "变更未获批准，已恢复原信息：…",
            "领导小组办公室驳回了对已生效信息的修改，表格已恢复原值。",
          ],
          [REVOKED_UNSEEN, "审核后本行被改过，校长须重新勾选。"],
        ],
      ),
      p(
        "每条提示以列名开头，如“身份证件号：校验位错误，应为 X，请核对号码”。所有提示的原文和怎么办见附录「校验结果中的提示」。",
      ),
      heading("审核状态", "审核状态"),
      p("「审核状态」列由系统填写，是下面几种之一："),
      table(
        ["审核状态", "意思", "怎么办"],
        REVIEW_STATES.map((s) => [
          REVIEW_STATE_LABELS[s],
          REVIEW_STATE_MEANINGS[s],
          STATE_ACTIONS[s],
        ]),
      ),
      p("「审核状态」和业务申请的「办理状态」单元格按状态着色，一眼看出哪些行要处理："),
      table(["颜色", "意思和状态"], stateColourLines()),
    ],
  };
}

export function approvalChapter(shots: Screenshots): Chapter {
  return {
    id: "校长审核",
    title: "校长审核",
    blocks: [
      p(
        "校长核对原件，确认无误后勾选该行的「校长审核」。只有校长能勾选这一列；其他人勾选会被表格拒绝。",
      ),
      ...shots.image("local-sheets-refused.png", "信息管理员勾选「校长审核」被拒绝"),
      heading("勾选之后"),
      list([
        `「${REVIEW_STATE_LABELS.ready}」的行勾选后变为「${REVIEW_STATE_LABELS.awaiting_recheck}」，报县级复核；该教师基本信息已生效后新增的行，勾选后直接「${REVIEW_STATE_LABELS.effective}」。`,
        `有错误的行不能审核：勾选会被系统取消，「校验结果」写明“${ERRORS_PREFIX}…”。`,
        `勾选后再修改该行，系统取消勾选，状态为「${REVIEW_STATE_LABELS.revoked}」，须重新核对勾选。`,
        `「${REVIEW_STATE_LABELS.returned}」的行未修改就勾选，系统取消勾选：“${RETURNED_UNCHANGED}”。`,
        `对「${REVIEW_STATE_LABELS.effective}」的行，修改后勾选即提交变更（见「变更」）。`,
        "每一次勾选都记入审核日志（谁、何时、哪一行）：谁审核谁负责。",
      ]),
    ],
  };
}
