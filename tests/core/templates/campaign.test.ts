import { describe, expect, it } from "vitest";
import { rawCountyConfig, shippedCountyConfig } from "../../../src/core/templates/bundle";
import {
  activeCampaign,
  campaignFromVar,
  demoCampaign,
  loadCountyConfig,
} from "../../../src/core/templates/county";
import { formatTemplateIssue } from "../../../src/core/templates/issues";

type RawCampaign = { year: number; deadlines: Record<string, string> };
type Raw = { campaign: { active?: number; campaigns: RawCampaign[] } };

const D2017 = {
  collection: "2017-03-10",
  schoolReview: "2017-03-17",
  countyRecheck: "2017-03-24",
  complete: "2017-03-31",
};
const D2027 = {
  collection: "2027-03-10",
  schoolReview: "2027-03-17",
  countyRecheck: "2027-03-24",
  complete: "2027-03-31",
};

function withCampaign(campaign: Raw["campaign"]) {
  const raw = structuredClone(rawCountyConfig) as Raw;
  raw.campaign = campaign;
  return loadCountyConfig(raw);
}

function messages(campaign: Raw["campaign"]): string[] {
  const result = withCampaign(campaign);
  return result.ok ? [] : result.issues.map(formatTemplateIssue);
}

describe("campaign configuration in county.json", () => {
  it("ships the notice's 2017 campaign", () => {
    expect(activeCampaign(shippedCountyConfig, "2017-03-05")).toEqual({
      year: 2017,
      deadlines: D2017,
    });
  });

  it("names an impossible date and the field it is in", () => {
    expect(
      messages({
        campaigns: [{ year: 2027, deadlines: { ...D2027, schoolReview: "2027-02-30" } }],
      }),
    ).toContainEqual(
      "county.json › campaign.campaigns[0].deadlines.schoolReview：「学校审核」截止日期不是有效日期（应写作 2027-03-17 这样的格式），实际为「2027-02-30」",
    );
  });

  it("names the first deadline out of order", () => {
    expect(
      messages({
        campaigns: [{ year: 2027, deadlines: { ...D2027, countyRecheck: "2027-03-16" } }],
      }),
    ).toContainEqual(
      "county.json › campaign.campaigns[0].deadlines.countyRecheck：「县级复核」截止日期（2027-03-16）早于「学校审核」截止日期（2027-03-17）；四个日期须按 采集 ≤ 学校审核 ≤ 县级复核 ≤ 完成 的顺序",
    );
  });

  it("refuses a year listed twice, a collection in another year and an unknown active year", () => {
    const found = messages({
      active: 2030,
      campaigns: [
        { year: 2017, deadlines: D2017 },
        { year: 2017, deadlines: D2017 },
        { year: 2026, deadlines: D2027 },
      ],
    });
    expect(found).toContainEqual(
      "county.json › campaign.campaigns[1].year：2017 年的采集已在前面列出，每年只能有一个",
    );
    expect(found).toContainEqual(
      "county.json › campaign.campaigns[2].deadlines.collection：「采集」截止日期（2027-03-10）不在 2026 年内",
    );
    expect(found).toContainEqual("county.json › campaign.active：campaigns 中没有 2030 年的采集");
  });

  it("chooses the latest campaign of this year or before, unless one is named", () => {
    const result = withCampaign({
      campaigns: [
        { year: 2027, deadlines: D2027 },
        { year: 2017, deadlines: D2017 },
      ],
    });
    if (!result.ok) throw new Error(result.issues.map(formatTemplateIssue).join("\n"));
    expect(activeCampaign(result.value, "2026-12-07").year).toBe(2017);
    expect(activeCampaign(result.value, "2027-01-01").year).toBe(2027);
    expect(activeCampaign(result.value, "2010-01-01").year).toBe(2017);
    const named = withCampaign({
      active: 2027,
      campaigns: [
        { year: 2017, deadlines: D2017 },
        { year: 2027, deadlines: D2027 },
      ],
    });
    if (!named.ok) throw new Error("not loaded");
    expect(activeCampaign(named.value, "2026-12-07").year).toBe(2027);
  });

  it("takes a campaign given to the worker as a var, checked the same way", () => {
    expect(campaignFromVar(JSON.stringify({ year: 2027, deadlines: D2027 }))).toEqual({
      year: 2027,
      deadlines: D2027,
    });
    expect(() =>
      campaignFromVar(JSON.stringify({ year: 2027, deadlines: { ...D2027, complete: "x" } })),
    ).toThrow(/CAMPAIGN.*「完成」截止日期不是有效日期/);
    expect(() => campaignFromVar("{")).toThrow(/CAMPAIGN/);
  });

  it("the demo's campaign: collection closed yesterday, the rest to come", () => {
    expect(demoCampaign("2026-12-07")).toEqual({
      year: 2026,
      deadlines: {
        collection: "2026-12-06",
        schoolReview: "2026-12-13",
        countyRecheck: "2026-12-20",
        complete: "2026-12-27",
      },
    });
    expect(demoCampaign("2026-12-31").deadlines.complete).toBe("2027-01-20");
  });
});
