/**
 * Every finding's Chinese wording, in one place so it reads the same everywhere and can be
 * reviewed as a whole. A message says what is wrong and how to fix it; the column name is put
 * in front by `messageFor`, so the texts here do not repeat it.
 */
import type { FindingCode } from "./codes";
import type { Params } from "./types";

const text = (params: Params, name: string): string => String(params[name] ?? "");

/** Year-month and date columns say which form to use; fields.ts adds `format` to their issues. */
const form = (params: Params): string => text(params, "format") || "2017-03-10";

const MESSAGES: { readonly [C in FindingCode]: (p: Params) => string } = {
  "value.empty": () => "未填写有效内容，请填写",
  "value.unsupported_type": () => "单元格内容无法识别，请重新输入",
  "value.number_precision": () => "数字过长已被表格截断，请把单元格设为纯文本后重新输入",
  "date.unparseable": (p) => `「${text(p, "value")}」不是有效的日期，请按 ${form(p)} 的格式填写`,
  "date.incomplete": (p) => `「${text(p, "value")}」不完整，请按 ${form(p)} 的格式填写`,
  "date.ambiguous": (p) =>
    `「${text(p, "value")}」无法确定月份（如 2017.1 可能是1月或10月），请按 ${form(p)} 的格式填写`,
  "date.invalid": (p) => `「${text(p, "value")}」不是真实存在的日期，请核对`,
  "date.future": (p) => `「${text(p, "value")}」晚于今天（${text(p, "today")}），请核对`,
  "date.too_late": (p) =>
    `晚于${text(p, "limit")}，应在${text(p, "from") || "今天"}起${text(p, "years")}年内，请核对`,
  "date.before_1900": (p) => `「${text(p, "value")}」早于1900年，请核对`,
  "year.unparseable": (p) => `「${text(p, "value")}」不是有效的年份，请填写四位年份，如 2016`,
  "academic_year.unparseable": (p) =>
    `「${text(p, "value")}」不是有效的学年，请按 2016-2017 的格式填写`,
  "academic_year.not_consecutive": (p) => `后一年应为前一年加一，应为 ${text(p, "expected")}`,
  "code.unknown": (p) => `「${text(p, "value")}」不在可选范围内，请从下拉列表中选择`,
  "code.conflict": (p) =>
    `代码 ${text(p, "code")} 与名称「${text(p, "name")}」不一致，请从下拉列表中重新选择`,
  "yes_no.unknown": (p) => `「${text(p, "value")}」无法识别，请填写“是”或“否”`,
  "id.length": (p) => `居民身份证号应为18位，现为${text(p, "length")}位，请核对`,
  "id.characters": (p) =>
    p.value === undefined
      ? "居民身份证号应为17位数字加1位数字或X，请核对"
      : "含有不可见或无法识别的字符，请重新输入",
  "id.province": (p) => `前两位 ${text(p, "prefix")} 不是有效的省份代码，请核对`,
  "id.birth_date": (p) => `第7–14位 ${text(p, "birthDate")} 不是有效的出生日期，请核对`,
  "id.birth_date_future": (p) => `第7–14位的出生日期 ${text(p, "birthDate")} 晚于今天，请核对`,
  "id.birth_date_before_1900": (p) =>
    `第7–14位的出生日期 ${text(p, "birthDate")} 早于1900年，请核对`,
  "id.check_digit": (p) => `校验位错误，应为 ${text(p, "expected")}，请核对号码`,
  "id.other_length": (p) => `证件号码最多${text(p, "max")}位，现为${text(p, "length")}位`,
  "phone.mobile_invalid": (p) => `「${text(p, "value")}」不是有效的手机号码，请填写11位手机号`,
  "phone.not_mobile": (p) =>
    `「${text(p, "value")}」是固定电话，请填写手机号码；固定电话请填在“办公电话”`,
  "phone.fixed_line_invalid": (p) =>
    `「${text(p, "value")}」不是有效的固定电话，请按 0730-4221234 的格式填写`,
  "phone.area_code_missing": (p) => `「${text(p, "value")}」缺少区号，请在前面加上区号，如 0730-`,
  "phone.not_fixed_line": (p) => `「${text(p, "value")}」不是固定电话；手机号码请填在“移动电话”`,
  "email.invalid": (p) =>
    `「${text(p, "value")}」不是有效的电子邮箱，请按 name@example.cn 的格式填写`,
  "postcode.invalid": (p) => `「${text(p, "value")}」不是有效的邮政编码，应为6位数字，如 414200`,
  "qualification.length": (p) =>
    `应为17位数字（1996–2000年首批认定的证书为15位），现为${text(p, "length")}位，请核对`,
  "qualification.characters": () => "只能包含数字，请核对",
  "qualification.year": (p) =>
    p.length === 15
      ? `15位号码是1996–2000年首批认定的证书，前2位年份应为96–00，现为 ${text(p, "year")}，请核对`
      : `前4位年份 ${text(p, "year")} 不合理，请核对`,
  "qualification.type_invalid": (p) =>
    `号码第${text(p, "position")}位表示种类的数字 ${text(p, "actual")} 无效（应为1–7），请核对`,
  "qualification.type_mismatch": (p) =>
    `号码第${text(p, "position")}位表示种类的数字为 ${text(p, "actual")}，与教师资格证种类（${text(p, "expected")}）不一致，请核对`,
  "number.invalid": (p) => `「${text(p, "value")}」不是数字，请只填数字`,
  "number.not_integer": (p) => `「${text(p, "value")}」不是整数，请填写整数`,
  "number.below_min": (p) => `不能小于 ${text(p, "min")}`,
  "number.not_above_min": (p) => `应大于 ${text(p, "min")}`,
  "number.above_max": (p) => `不能大于 ${text(p, "max")}`,
  "tab.missing": (p) => `缺少标签页「${text(p, "tab")}」，请按模板恢复`,
  "header.missing": (p) =>
    `缺少必填列「${text(p, "header")}」，请恢复该表头（表头文字须与模板一致）`,
  "header.missing_optional": (p) =>
    `缺少列「${text(p, "header")}」，该列内容视为未填写；如需填写请按模板恢复表头`,
  "header.duplicate": (p) =>
    `表头「${text(p, "header")}」出现了${text(p, "count")}次，请删除多余的列`,
  "header.unknown": (p) => `以下列不属于模板，已忽略：${text(p, "headers")}`,
  "field.required": () => "必填，请填写",
  "text.too_short": (p) => `至少${text(p, "min")}个字`,
  "text.too_long": (p) => `最多${text(p, "max")}个字，现为${text(p, "length")}个字`,
  "text.has_digits": () => "不能包含数字，请核对",
  "division.invalid": (p) => `「${text(p, "value")}」不是行政区划名称，请填写如“湖南省华容县”`,
  "school_code.invalid": (p) => `「${text(p, "value")}」不是有效的学校代码，应为10位数字`,
  "rule.required_when": (p) => `${text(p, "when")}时必填，请填写`,
  "rule.empty_when": (p) => `${text(p, "when")}时应留空，请删除本格内容`,
  "rule.none_value": (p) =>
    `「${text(p, "other")}」选择了“${text(p, "name")}”，本列应留空，请删除本格内容`,
  "rule.order": (p) =>
    `${p.strict === 1 ? "应晚于" : "不能早于"}「${text(p, "other")}」（${text(p, "otherValue")}），请核对`,
  "rule.not_equal": (p) => `不能与「${text(p, "other")}」相同，请核对`,
  "rule.forbidden_value": (p) => `不能选择“${text(p, "name")}”`,
  "rule.exclusive_value": (p) => `“${text(p, "name")}”不能与其他选项同时选择`,
  "rule.value_when": (p) => `${text(p, "when")}时只能为“${text(p, "allowed")}”`,
  "rule.belongs_to": (p) =>
    `“${text(p, "name")}”不属于「${text(p, "parent")}」“${text(p, "parentName")}”，请重新选择`,
  "id.sex_mismatch": (p) => `与身份证件号不一致，按身份证号应为“${text(p, "expected")}”`,
  "id.birth_mismatch": (p) => `与身份证件号不一致，按身份证号应为 ${text(p, "expected")}`,
  "age.out_of_range": (p) =>
    `按出生日期年龄为${text(p, "age")}岁，不在${text(p, "min")}–${text(p, "max")}岁之间，请核对`,
  "work_start.too_early": (p) =>
    `应在年满${text(p, "years")}周岁之后（不早于 ${text(p, "limit")}），请核对`,
  "scope.out_of_scope": (p) =>
    `${text(p, "reason")}，按通知不在采集范围内（只采集在编人员和签订一年及以上合同的人员），请删除该人员各标签页的行`,
  "scope.row_out_of_scope": (p) =>
    `该人员不在采集范围内（见“基本信息”第${text(p, "row")}行），请删除本行`,
  "qualification.issued_before_year": (p) =>
    `早于「${text(p, "other")}」中的认定年份 ${text(p, "year")} 年，请核对号码或日期`,
  "qualification.issued_late": (p) =>
    `比「${text(p, "other")}」中的认定年份 ${text(p, "year")} 年晚${text(p, "years")}年（证书通常在认定当年或次年颁发）；如为补发证书可不改，否则请核对`,
  "person.age_impossible": (p) =>
    Number(p.age) < 0
      ? `早于“基本信息”中的出生日期 ${text(p, "birthDate")}，请核对`
      : `按“基本信息”中的出生日期 ${text(p, "birthDate")}，当时只有${text(p, "age")}岁（至少应为${text(p, "min")}岁），请核对`,
  "person.age_unusual": (p) =>
    `按“基本信息”中的出生日期 ${text(p, "birthDate")}，当时只有${text(p, "age")}岁（通常不小于${text(p, "min")}岁），请核对是否有误`,
  "person.before_basic": (p) =>
    `早于“基本信息”中的「${text(p, "other")}」（${text(p, "otherValue")}），请核对`,
  "value.high": (p) => `为${text(p, "value")}，超过${text(p, "max")}，请核对是否有误`,
  "retiree.suspected": (p) =>
    `该人员可能已退休（${text(p, "reason")}）；离退休人员不采集，如已退休请删除其各标签页的行` +
    (p.missing === undefined ? "" : `；如仍在职，请补填：${text(p, "missing")}`),
  "row.duplicate_person": (p) =>
    `与第${text(p, "first")}行是同一人（身份证件号相同），每人只能有一行，请合并后删除多余的行`,
  "row.duplicate_term": (p) =>
    `与第${text(p, "first")}行的学年、学期相同，每人每学年每学期只能有一行，请合并后删除多余的行`,
  "period.overlap": (p) => `任职时间与第${text(p, "other")}行重叠，请核对`,
  "identity.unknown_id": () =>
    "本校“基本信息”中没有这个身份证件号，请核对号码或先在“基本信息”中登记该人员",
  "identity.name_mismatch": (p) =>
    `与“基本信息”中该身份证件号的姓名“${text(p, "expected")}”不一致，请核对`,
  "section.missing": (p) =>
    `缺少“${text(p, "section")}”信息，请在“${text(p, "section")}”标签页为该人员至少填写一行`,
  "id.conflict_pending": (p) =>
    `${text(p, "schools")}也录入了这个身份证件号；一人只能在一所学校登记，已提交县人事股裁定，裁定前本行暂不能审核。请核对号码，如属调动请提交调动申请`,
  "id.conflict_kept": (p) =>
    `${text(p, "schools")}也录入了这个身份证件号，已提交县人事股裁定；本校已生效的信息在裁定前继续有效`,
  "id.conflict_decided": (p) =>
    `县人事股已裁定此人属于${text(p, "school")}（学校代码 ${text(p, "code")}）；请删除本校录入的此人各行，如属调动请提交调动申请`,
  "credits.above_hours": (p) =>
    `超过培训获得学时（${text(p, "hours")}学时）所能获得的学分，最多 ${text(p, "max")} 学分（每学时 ${text(p, "perHour")} 学分），请核对`,
  "training.duplicate": (p) =>
    `与第${text(p, "first")}行是同一人同一年度的同一培训项目，学分会重复计算，请删除多余的行`,
  // One text for every miss (unknown ID, another school's teacher, another name, left), and no
  // registry value in it: a request row must not answer who is where (docs/business-modules.md).
  "business.not_at_other_school": () =>
    "对方学校没有身份证件号、姓名都与本行相符的在岗教师，请核对身份证件号、姓名和对方学校代码",
  "business.not_at_this_school": () =>
    "本校没有身份证件号、姓名都与本行相符的在岗教师，请核对身份证件号和姓名（须与本校“基本信息”一致）",
  "business.not_effective": () => "该教师的基本信息尚未经县级复核生效，生效后才能办理本业务",
  "business.already_here": () => "该教师已是本校教师，无需办理调入，请核对",
  "business.same_school": () => "不能填写本校的学校代码，请填写对方学校的代码",
  "business.unknown_school": (p) => `「${text(p, "value")}」不是本县学校代码清单中的学校，请核对`,
  "business.date_before": (p) =>
    `早于该教师的${text(p, "what")}（${text(p, "otherValue")}），请核对`,
  "business.date_before_elsewhere": (p) =>
    `早于调出学校登记的该教师${text(p, "what")}，请与调出学校核对`,
  "business.not_ahead": (p) =>
    `「${text(p, "value")}」晚于今天（${text(p, "today")}），${text(p, "change")}不能提前登记，请填写实际发生的日期`,
  "business.retire_young": (p) =>
    `按出生日期（${text(p, "birthDate")}），该教师在变动日期时 ${text(p, "age")} 岁，低于法定退休年龄（男 ${text(p, "male")} 岁、女 ${text(p, "female")} 岁），请核对；如属按规定提前退休，可不修改`,
  "business.category_gap": (p) =>
    `该教师的已生效信息缺少本校（${text(p, "category")}）必填的项目：${text(p, "fields")}；调入后请补填，经校长审核、县级审批后生效（不影响本申请办理）`,
  "business.open_request": (p) =>
    `该教师已有一项未办结的${text(p, "kind")}申请（申请编号 ${text(p, "id")}，${text(p, "state")}），办结或撤回前不能再提交`,
  "business.open_elsewhere": () => "该教师目前有尚未办结的业务，暂不能提交新的申请",
  "business.transfer_out": () =>
    "调动由调入学校发起，调出学校不填写本行：人事股下达调动后，本表会自动出现该教师的调出行，请校长在该行确认",
};

/** The message of a finding; `column` is the header text, or null for a row or tab. */
export function messageFor(code: FindingCode, params: Params, column: string | null): string {
  const body = MESSAGES[code](params);
  return column === null ? body : `${column}：${body}`;
}
