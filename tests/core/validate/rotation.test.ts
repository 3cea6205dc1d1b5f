import { describe } from "vitest";
import { runCases } from "./cases";
import { SCHOOL } from "./fixture";

const ROTATION = {
  交流轮岗类型: "城乡交流",
  是否调动人事关系: "否",
  开始年月: "2015-09",
  结束年月: "2016-07",
  交流轮岗单位名称: "华容县团洲乡中心小学",
};

describe("交流轮岗", () => {
  runCases("交流轮岗", [
    {
      name: "交流轮岗类型 is required",
      set: { 交流轮岗类型: "" },
      expect: ["交流轮岗类型 field.required"],
    },
    {
      name: "交流轮岗类型 comes from C:rotation_type",
      set: { 交流轮岗类型: "外派" },
      expect: ["交流轮岗类型 code.unknown"],
    },
    { name: "a complete rotation; 原单位名称 defaults to this school", set: ROTATION },
    {
      name: "a rotation needs 是否调动人事关系, 开始年月 and 单位",
      set: { 交流轮岗类型: "支教" },
      expect: [
        "是否调动人事关系 rule.required_when",
        "开始年月 rule.required_when",
        "交流轮岗单位名称 rule.required_when",
      ],
    },
    {
      name: "结束年月 ≥ 开始年月",
      set: { ...ROTATION, 结束年月: "2015-08" },
      expect: ["结束年月 rule.order"],
    },
    {
      name: "交流轮岗单位 ≠ 原单位 (the default)",
      set: { ...ROTATION, 交流轮岗单位名称: SCHOOL.name },
      expect: ["交流轮岗单位名称 rule.not_equal"],
    },
    {
      name: "交流轮岗单位 ≠ 原单位 (typed)",
      set: { ...ROTATION, 原单位名称: "华容县团洲乡中心小学" },
      expect: ["交流轮岗单位名称 rule.not_equal"],
    },
    {
      name: "无 empties the rest (0-无)",
      set: { 开始年月: "2015-09", 交流轮岗单位名称: "华容县团洲乡中心小学" },
      expect: ["开始年月 rule.none_value", "交流轮岗单位名称 rule.none_value"],
    },
  ]);
});
