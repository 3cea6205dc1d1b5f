import { describe } from "vitest";
import { runCases } from "./cases";
import { dropRows, ID, validTabs } from "./fixture";

describe("联系方式", () => {
  runCases("联系方式", [
    { name: "移动电话 is required", set: { 移动电话: "" }, expect: ["移动电话 field.required"] },
    { name: "移动电话 accepts +86 and spaces", set: { 移动电话: "+86 138 0730 1234" } },
    { name: "移动电话 accepts a number cell", set: { 移动电话: 13807301234 } },
    {
      name: "移动电话 is a valid mobile number",
      set: { 移动电话: "1380730123" },
      expect: ["移动电话 phone.mobile_invalid"],
    },
    {
      name: "移动电话 is not a fixed line",
      set: { 移动电话: "0730-4221234" },
      expect: ["移动电话 phone.not_mobile"],
    },
    { name: "办公电话 accepts 转 extensions", set: { 办公电话: "0730-4221234转801" } },
    {
      name: "办公电话 needs its area code",
      set: { 办公电话: "4221234" },
      expect: ["办公电话 phone.area_code_missing"],
    },
    {
      name: "办公电话 is not a mobile",
      set: { 办公电话: "13807301234" },
      expect: ["办公电话 phone.not_fixed_line"],
    },
    { name: "电子信箱 accepts a full-width ＠", set: { 电子信箱: "zhangwei＠example.cn" } },
    {
      name: "电子信箱 is a valid address",
      set: { 电子信箱: "zhangwei@example" },
      expect: ["电子信箱 email.invalid"],
    },
    {
      name: "邮政编码 has 6 digits",
      set: { 邮政编码: "41420" },
      expect: ["邮政编码 postcode.invalid"],
    },
    {
      name: "one row per person",
      row: 1,
      set: { 身份证件号: ID.zhang, 姓名: "张伟" },
      expect: ["身份证件号 row.duplicate_person", "基本信息!3 - section.missing"],
    },
    {
      name: "every person, new teachers too, needs a row",
      tabs: () => dropRows(validTabs(), "联系方式", ID.wang),
      expect: ["基本信息!4 - section.missing"],
    },
  ]);
});
