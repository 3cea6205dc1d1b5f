import { describe, expect, it } from "vitest";
import type { SchoolCategory } from "../../../src/core/templates";
import { run, summary, validTabs } from "./fixture";

describe("the fixture school", () => {
  for (const category of [
    "primary_secondary",
    "kindergarten",
    "special",
    "vocational",
  ] as const satisfies readonly SchoolCategory[]) {
    it(`is valid as a ${category} school`, () => {
      expect(summary(run(validTabs(), { category }))).toEqual([]);
    });
  }
});
