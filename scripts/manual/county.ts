/** The chapters of the county's work and the flows across schools: recheck, change, business. */

import {
  ACTION_LABELS,
  ARROWS,
  BUSINESS_KINDS,
  type BusinessKind,
  KIND_LABELS,
  kindOfSection,
  partyLabel,
  STATE_LABELS,
  stepLabel,
  turnText,
} from "../../src/core/business/index";
import { CONFIRM_TITLE } from "../../src/core/credits/confirm";
import { CHANGE_APPROVAL_TITLE } from "../../src/core/provision/index";
import { APPROVAL_HEADERS, APPROVAL_TITLES } from "../../src/core/recheck/approvals";
import { CONFLICT_HEADERS, CONFLICT_TITLE } from "../../src/core/recheck/conflicts";
import { REVIEW_STATE_LABELS } from "../../src/core/review/states";
import {
  type CountyConfig,
  currentCampaign,
  recheckOffice,
  type Templates,
} from "../../src/core/templates/index";
import { type Block, type Chapter, heading, list, p, table } from "./document";

export function recheckChapter(templates: Templates, county: CountyConfig): Chapter {
  const sections = templates.categories.primary_secondary.sections.filter(
    (s) => s.kind === "section",
  );
  const routes = county.offices.flatMap((office) => {
    const titles = sections.filter((s) => recheckOffice(county, s.key)?.key === office.key);
    return titles.length === 0 ? [] : [[office.name, titles.map((s) => s.title).join("、")]];
  });
  const c = CONFLICT_HEADERS;
  return {
    id: "县级复核",
    title: "县级复核（人事股、教师进修学校）",
    blocks: [
      p(
        `校长审核后的记录由系统复制到「${county.county.name}教师信息县级复核」表格中与学校表格同名的标签页（身份证件号以参考码代替）。各标签页由以下科室复核：`,
      ),
      table(["科室", "复核的标签页"], routes),
      heading("怎么复核"),
      list(
        [
          "核对该行信息，无误勾选「复核通过」：记录生效，学校表格中该行显示「已生效」；",
          "有问题勾选「退回」并填写「退回原因」：学校表格中该行显示「已退回」，校验结果写明原因，校长勾选被取消；",
          "只有负责该标签页的科室能勾选；复制来的数据列和「复核状态」由系统填写，不能修改；",
          "勾选后在下一轮同步时办理，「复核状态」显示 待复核/已通过/已退回。",
        ],
        true,
      ),
      p(
        `县级复核须在 ${currentCampaign(county).deadlines.countyRecheck} 前完成。教师进修学校复核「国内培训」即确认该行的培训学分。`,
      ),
      heading(`${CONFIRM_TITLE}（教师进修学校）`, "学分确认"),
      p(
        `已生效教师后来新增的「国内培训」行，校长勾选即生效，但学分要等教师进修学校确认才计入学分台账，在此之前显示为「待确认学分」；已确认的学分被修改（领导小组办公室批准的变更）也回到这里。这些行列在「${CONFIRM_TITLE}」标签页，每条记录的每一版一行。`,
      ),
      list(
        [
          "核对学时和学分，无误在「决定」选「确认」：下一轮同步后学分计入学分台账；",
          "有问题选「退回」并填写「理由」（必填）：学分不计，单列为「已退回学分」，学校表格中该行的「校验结果」写明理由；学校改正后经校长审核、领导小组办公室批准，新的值另起一行再确认；",
          "只有教师进修学校能填写「决定」「理由」，其他科室填写会被表格拒绝；「办理状态」由系统填写：待确认 / 已确认 / 已退回 / 已失效。",
        ],
        true,
      ),
      heading(`${CONFLICT_TITLE}（人事股）`, "冲突处理"),
      p(
        `两所学校录入了同一个身份证件号时，两校的新录入暂停（「${REVIEW_STATE_LABELS.incomplete}」，提示写明冲突编号和对方学校），冲突列在「${CONFLICT_TITLE}」标签页。人事股核实后在「${c.decision}」填写此人所属学校的学校代码，并填写「${c.reason}」；下一轮同步两校都收到结果，所属学校继续办理，其他学校删除此人的行。`,
      ),
    ],
  };
}

export function changeChapter(county: CountyConfig): Chapter {
  const office =
    county.offices.find((o) => o.duties.includes("change_approval"))?.name ?? "领导小组办公室";
  return {
    id: "变更",
    title: "变更（已生效信息的修改）",
    blocks: [
      p(
        `信息生效后仍可在学校表格中修改，但修改不会直接生效：修改后该行的审核勾选被取消，校长核对后重新勾选，修改即提交为变更，「审核状态」显示「${REVIEW_STATE_LABELS.change_pending}」。批准前原已生效的信息仍然有效。`,
      ),
      heading("审批"),
      list(
        [
          `变更列在县级复核表的「${CHANGE_APPROVAL_TITLE}」标签页，每项修改一行：标签页、姓名、修改项、原值、新值；`,
          `${office}核对后勾选「批准」：新值生效，学校表格该行恢复「${REVIEW_STATE_LABELS.effective}」；`,
          `或勾选「驳回」并填写「驳回原因」：学校表格该行恢复为原值，「校验结果」写明“变更未获批准，已恢复原信息：”和原因；`,
          "教师在教师自助中提交的更正，经校长审核后同样作为变更审批。",
        ],
        true,
      ),
      p("新增的行（如新的培训记录）不是变更：该教师基本信息已生效后，新增行经校长审核即生效。"),
    ],
  };
}

/** What each party does in the sheets to take a step. */
function actionWords(kind: BusinessKind, arrow: Arrow): string {
  const step = stepLabel(kind, arrow.from);
  switch (`${arrow.party}:${arrow.action}`) {
    case "initiator:confirm":
      return "校长勾选「本校确认」";
    case "initiator:withdraw":
      // After the principal's confirmation the row's cells are restored: only the untick counts.
      return arrow.from === "draft" ? "清空或删除该行（撤回）" : "校长取消勾选「本校确认」（撤回）";
    case "counterpart:confirm":
      return "校长勾选系统写入的行的「本校确认」";
    case "counterpart:refuse":
      return "校长在系统写入的行填写「不同意原因」";
    default:
      return `在「${APPROVAL_HEADERS.decision}」选“${ACTION_LABELS[arrow.action]}”（${step}）`;
  }
}

type Arrow = (typeof ARROWS)[BusinessKind][number];

/** Each drawn arrow as a step a person takes: from which state, who, what, to which state. */
function stepRows(kind: BusinessKind): string[][] {
  return ARROWS[kind].map((arrow) => [
    STATE_LABELS[arrow.from],
    partyLabel(kind, arrow.party),
    actionWords(kind, arrow),
    STATE_LABELS[arrow.to],
  ]);
}

function statesOf(kind: BusinessKind) {
  const seen = new Set(ARROWS[kind].flatMap((a) => [a.from, a.to]));
  return [...seen].map((state) => [STATE_LABELS[state], turnText(kind, state)]);
}

const HOW: Readonly<Record<BusinessKind, readonly string[]>> = {
  transfer: [
    "调入学校信息管理员在「调动申请」新填一行（对方学校代码填调出学校），校长勾选「本校确认」；",
    "人事股在「调动审批」对“下达调动”一行选择确认（或不同意并写理由）；",
    "调出学校的「调动申请」出现系统写入的调出行，校长勾选「本校确认」同意，或填写「不同意原因」；调出学校还有该教师未生效的行时，须先使其生效或删除，同意才会办理；",
    "人事股在「调动审批」对“确认调出”一行选择确认：调动完成，该教师的已生效信息（记录编号不变）从调出学校表格移到调入学校表格，账号随人转移。",
  ],
  status_change: [
    "教师所在学校在「在职情况变动」新填一行，校长勾选「本校确认」；",
    "人事股在「在职情况变动审批」选择确认或不同意；",
    "确认后人员状态写入基本信息；离职、退休、死亡、调出县外的教师各行移出本校表格（信息保存在县登记库）。",
  ],
  rotation: [
    "派出学校在「交流轮岗申请」新填一行，校长勾选「本校确认」；",
    "人事股在「交流轮岗审批」选择确认或不同意；",
    "确认后系统在该教师的「交流轮岗」标签页写入一条已生效的记录。",
  ],
};

function requestTab(templates: Templates, kind: BusinessKind): string {
  return (
    templates.categories.primary_secondary.sections.find((s) => kindOfSection(s.key) === kind)
      ?.title ?? KIND_LABELS[kind]
  );
}

function kindBlocks(templates: Templates, kind: BusinessKind): Block[] {
  return [
    heading(KIND_LABELS[kind], kind === "transfer" ? undefined : KIND_LABELS[kind]),
    p(`学校表格：「${requestTab(templates, kind)}」；县级复核表：「${APPROVAL_TITLES[kind]}」。`),
    list(HOW[kind], true),
    p("每一步："),
    table(["办理状态", "谁", "做什么", "之后"], stepRows(kind)),
    p("「校验结果」在各状态下显示："),
    table(["办理状态", "校验结果"], statesOf(kind)),
  ];
}

export function businessChapter(templates: Templates): Chapter {
  const h = APPROVAL_HEADERS;
  return {
    id: "调动",
    title: "业务办理：调动、在职情况变动、交流轮岗",
    blocks: [
      p(
        "三项业务都从学校表格的申请标签页开始：每行一项申请，校验通过后系统发放申请编号，校长勾选「本校确认」即报人事股；人事股审核前校长取消勾选即撤回（校长确认前，清空或删除该行也撤回）。人事股在县级复核表的审批标签页办理。",
      ),
      list([
        `人事股在「${h.decision}」选择“${ACTION_LABELS.confirm}”或“${ACTION_LABELS.refuse}”，选“${ACTION_LABELS.refuse}”须填写「${h.reason}」；决定在下一轮同步时办理，「${h.status}」显示结果；`,
        "申请办结（已完成、不同意、已撤回）后不能再改；如需再办，新填一行；",
        "校长确认后，申请行的内容不能修改、清空或删除：系统按申请恢复，「校验结果」会说明；要改请校长撤回后新填一行。",
      ]),
      ...BUSINESS_KINDS.flatMap((kind) => kindBlocks(templates, kind)),
    ],
  };
}
