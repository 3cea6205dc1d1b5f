import { describe } from "vitest";
import { runCases } from "./cases";
import { ID, validTabs } from "./fixture";

const withRow = (tab: string, row: Record<string, string>) => () => ({
  ...validTabs(),
  [tab]: [row],
});

const TRANSFER_IN = {
  姓名: "赵敏",
  身份证件号: "430623198001010000",
  调动方向: "调入",
  对方学校代码: "4306230006",
  调动日期: "2017-02-20",
  调动原因: "夫妻团聚",
};
const STATUS = {
  姓名: "张伟",
  身份证件号: ID.zhang,
  变动类型: "长病假",
  变动日期: "2017-02-01",
  变动原因: "住院治疗",
};
const ROTATION = {
  姓名: "李娜",
  身份证件号: ID.li,
  交流轮岗类型: "城乡交流",
  交流学校代码: "4306230019",
  开始年月: "2017-02",
};

describe("调动申请", () => {
  runCases("调动申请", [
    {
      name: "an incoming teacher need not be on this school's 基本信息",
      tabs: withRow("调动申请", TRANSFER_IN),
    },
    {
      name: "对方学校代码 has 10 digits",
      tabs: withRow("调动申请", TRANSFER_IN),
      set: { 对方学校代码: "43062300" },
      expect: ["对方学校代码 school_code.invalid"],
    },
    {
      name: "调动原因 is required",
      tabs: withRow("调动申请", TRANSFER_IN),
      set: { 调动原因: "" },
      expect: ["调动原因 field.required"],
    },
    {
      name: "调动方向 comes from C:transfer_direction",
      tabs: withRow("调动申请", TRANSFER_IN),
      set: { 调动方向: "借调" },
      expect: ["调动方向 code.unknown"],
    },
  ]);
});

describe("在职情况变动", () => {
  runCases("在职情况变动", [
    { name: "a status change of a teacher of this school", tabs: withRow("在职情况变动", STATUS) },
    {
      name: "leaving codes are accepted",
      tabs: withRow("在职情况变动", STATUS),
      set: { 变动类型: "退休" },
    },
    {
      name: "the teacher must be on 基本信息",
      tabs: withRow("在职情况变动", STATUS),
      set: { 身份证件号: "430623198001010000" },
      expect: ["身份证件号 identity.unknown_id"],
    },
    {
      name: "变动日期 is required",
      tabs: withRow("在职情况变动", STATUS),
      set: { 变动日期: "" },
      expect: ["变动日期 field.required"],
    },
  ]);
});

describe("交流轮岗申请", () => {
  runCases("交流轮岗申请", [
    { name: "a rotation request", tabs: withRow("交流轮岗申请", ROTATION) },
    {
      name: "交流轮岗类型 cannot be 无",
      tabs: withRow("交流轮岗申请", ROTATION),
      set: { 交流轮岗类型: "无" },
      expect: ["交流轮岗类型 rule.forbidden_value"],
    },
    {
      name: "结束年月 ≥ 开始年月",
      tabs: withRow("交流轮岗申请", ROTATION),
      set: { 结束年月: "2016-09" },
      expect: ["结束年月 rule.order"],
    },
  ]);
});
