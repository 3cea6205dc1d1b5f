import { describe, expect, it } from "vitest";
import {
  describeFindings,
  grantProperties,
  spreadsheetName,
  unexpectedGrants,
} from "../../../src/core/sharing/audit";

const SA = "tmis-sync@tmis-sync-emulator.iam.gserviceaccount.com";
const OFFICE = "renshi@hrjy.example.cn";
const trusted = { serviceAccount: SA, county: [OFFICE] };
const user = (emailAddress: string, role: string) => ({ type: "user", emailAddress, role });

describe("the audit of every managed spreadsheet", () => {
  it("reports a stranger on the recheck spreadsheet, and nobody its roster names", () => {
    const file = {
      id: "recheck-id",
      appProperties: {
        tmisKind: "recheck",
        ...grantProperties([
          { email: OFFICE, role: "writer" },
          { email: SA, role: "writer" },
        ]),
      },
      permissions: [
        user("admin@hrjy.example.cn", "owner"),
        user(OFFICE, "writer"),
        user(SA, "writer"),
        user("stranger@example.com", "writer"),
      ],
    };
    expect(unexpectedGrants(file, trusted)).toEqual([
      {
        spreadsheetId: "recheck-id",
        kind: "recheck",
        schoolCode: "",
        grantee: "stranger@example.com",
        role: "writer",
      },
    ]);
  });

  it("trusts a county office on a school spreadsheet, but not on an account spreadsheet", () => {
    const file = (tmisKind: string) => ({
      id: `${tmisKind}-id`,
      appProperties: { tmisKind, schoolCode: "4306230002" },
      permissions: [user(OFFICE, "reader")],
    });
    expect(unexpectedGrants(file("school"), trusted)).toEqual([]);
    expect(unexpectedGrants(file("accounts"), trusted)).toMatchObject([
      { kind: "accounts", grantee: OFFICE, role: "reader" },
    ]);
  });

  it("reports a county office holding more than its roster role on the summary", () => {
    const file = {
      id: "summary-id",
      appProperties: {
        tmisKind: "summary",
        ...grantProperties([{ email: OFFICE, role: "reader" }]),
      },
      permissions: [user(OFFICE, "writer")],
    };
    expect(unexpectedGrants(file, trusted)).toMatchObject([{ kind: "summary", grantee: OFFICE }]);
  });
});

describe("naming what the audit found", () => {
  it("names each spreadsheet by its school and kind", () => {
    expect(spreadsheetName("accounts", "华容县实验小学")).toBe("华容县实验小学教师账号表");
    expect(spreadsheetName("school", "华容县实验小学")).toBe("华容县实验小学信息采集表");
    expect(spreadsheetName("recheck", "")).toBe("县级复核表");
    expect(spreadsheetName("summary", "")).toBe("汇总表");
  });

  it("groups a row's findings by spreadsheet kind", () => {
    const finding = (kind: "school" | "accounts", grantee: string) => ({
      spreadsheetId: kind,
      kind,
      schoolCode: "4306230002",
      grantee,
      role: "writer",
    });
    expect(describeFindings([finding("accounts", "b@x.cn"), finding("school", "a@x.cn")])).toBe(
      "信息采集表：a@x.cn（可编辑）；教师账号表：b@x.cn（可编辑）",
    );
    expect(describeFindings([])).toBe("");
  });
});
