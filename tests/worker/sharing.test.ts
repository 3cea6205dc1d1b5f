import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { googleFromEnv } from "../../src/adapters/google/index";
import { upsertSchools } from "../../src/adapters/store/registry";
import { app } from "../../src/app";
import { OVERVIEW_HEADERS } from "../../src/core/reports/overview";
import { grantProperties } from "../../src/core/sharing/audit";
import type { Env } from "../../src/env";
import { campaignOf } from "../../src/jobs/progress";
import { dailySharingAudit } from "../../src/jobs/sharing";
import { summaryData } from "../../src/jobs/summary";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";

/**
 * The daily sharing audit at county scale: 200 school spreadsheets, one of which its info admin
 * shared with an outsider and with anyone who has the link (a spreadsheet made before
 * provisioning locked sharing, or shared by its owner: the lock itself is tested with
 * provisioning). The same school's account spreadsheet and the county recheck spreadsheet were
 * shared by their owner with someone provisioning never granted; the summary spreadsheet is as
 * provisioned.
 */
const SCHOOLS = 200;
const OWNER = "sharing-owner@hrjy.example.cn";
const OFFICE = "renshi@hrjy.example.cn";
const code = (i: number) => `4306239${String(i).padStart(3, "0")}`;
const infoAdmin = (i: number) => `s${i}-info@hrjy.example.cn`;
const viewer = (i: number) => `s${i}-view@hrjy.example.cn`;
const OUTSIDER = "outsider@example.com";
const STRANGER = "stranger@example.com";

let sa: ServiceAccount;
let testEnv: Env;
let victim = "";

type Roster = { email: string; role: "writer" | "reader" }[];

/** A spreadsheet as provisioning leaves it: its grants made and recorded on the file. */
async function managedFile(
  name: string,
  appProperties: Record<string, string>,
  grants: Roster,
): Promise<string> {
  const file = await asUser<{ id: string }>(OWNER, "POST", "drive/v3/files", {
    name,
    mimeType: "application/vnd.google-apps.spreadsheet",
    appProperties: { ...appProperties, ...grantProperties(grants) },
  });
  for (const grant of grants)
    await asUser(OWNER, "POST", `drive/v3/files/${file.id}/permissions`, {
      type: "user",
      role: grant.role,
      emailAddress: grant.email,
    });
  return file.id;
}

function schoolFile(i: number): Promise<string> {
  return managedFile(`审计测试学校${i}`, { tmisKind: "school", schoolCode: code(i) }, [
    { email: infoAdmin(i), role: "writer" },
    { email: viewer(i), role: "reader" },
    { email: sa.client_email, role: "writer" },
  ]);
}

/** The owner shares a file outside provisioning. */
async function sharedByOwner(fileId: string, email: string): Promise<void> {
  await asUser(OWNER, "POST", `drive/v3/files/${fileId}/permissions`, {
    type: "user",
    role: "writer",
    emailAddress: email,
  });
}

beforeAll(async () => {
  sa = await registerServiceAccount("sharing");
  testEnv = envFor(sa);
  const ids: string[] = [];
  for (let i = 0; i < SCHOOLS; i += 20)
    ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => schoolFile(i + k)))));
  victim = ids[7] ?? "";
  await upsertSchools(env.DB, [
    {
      code: code(7),
      name: "审计测试学校7",
      category: "primary_secondary",
      township: "章华镇",
      spreadsheetId: victim,
    },
  ]);
  // A county office reading a school's sheet is expected.
  await asUser(OWNER, "POST", `drive/v3/files/${ids[8]}/permissions`, {
    type: "user",
    role: "reader",
    emailAddress: OFFICE,
  });
  // The attack, as school 7's info admin makes it in the browser.
  await asUser(infoAdmin(7), "POST", `drive/v3/files/${victim}/permissions`, {
    type: "user",
    role: "writer",
    emailAddress: OUTSIDER,
  });
  await asUser(infoAdmin(7), "POST", `drive/v3/files/${victim}/permissions`, {
    type: "anyone",
    role: "reader",
  });
  const accounts = await managedFile(
    "审计测试学校7 教师账号",
    { tmisKind: "accounts", schoolCode: code(7) },
    [
      { email: `s7-admin@hrjy.example.cn`, role: "writer" },
      { email: sa.client_email, role: "writer" },
    ],
  );
  await sharedByOwner(accounts, STRANGER);
  const county = [
    { email: OFFICE, role: "writer" as const },
    { email: sa.client_email, role: "writer" as const },
  ];
  await sharedByOwner(await managedFile("县级复核", { tmisKind: "recheck" }, county), STRANGER);
  await managedFile("汇总", { tmisKind: "summary" }, [
    { email: OFFICE, role: "reader" },
    { email: sa.client_email, role: "writer" },
  ]);
  // And school 9's viewer made a writer.
  await asUser(infoAdmin(9), "POST", `drive/v3/files/${ids[9]}/permissions`, {
    type: "user",
    role: "writer",
    emailAddress: viewer(9),
  });
}, 120_000);

describe("the daily sharing audit", () => {
  it("finds the unexpected grants of every managed spreadsheet with a request per 100, once a day", async () => {
    const google = googleFromEnv(testEnv);
    const now = new Date("2026-12-02T01:00:00.000Z");
    let outcome = {};
    const made = await requestsDuring(sa.client_email, async () => {
      outcome = await dailySharingAudit(testEnv, google, now);
    });
    expect(made).toEqual({ "drive.files.list": 3 });
    expect(outcome).toEqual({ status: "audited", files: SCHOOLS + 3, unexpected: 5 });
    const later = new Date("2026-12-02T09:00:00.000Z");
    expect(
      await requestsDuring(sa.client_email, () => dailySharingAudit(testEnv, google, later)),
    ).toEqual({});
    const nextDay = new Date("2026-12-03T01:00:00.000Z");
    expect(
      await requestsDuring(sa.client_email, () => dailySharingAudit(testEnv, google, nextDay)),
    ).toEqual({
      "drive.files.list": 3,
    });
  });

  it("lists them in GET /api/sharing, and nothing the school's roster or the county expects", async () => {
    const res = await app.request(
      "/api/sharing",
      { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } },
      testEnv,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { auditedDay: string; unexpected: Record<string, string>[] };
    expect(body.auditedDay).toBe("2026-12-03");
    expect(
      body.unexpected.map((f) => [f.spreadsheet, f.schoolCode, f.grantee, f.role, f.shown]),
    ).toEqual([
      ["县级复核表", "", STRANGER, "writer", `${STRANGER}（可编辑）`],
      ["审计测试学校7教师账号表", code(7), STRANGER, "writer", `${STRANGER}（可编辑）`],
      ["审计测试学校7信息采集表", code(7), OUTSIDER, "writer", `${OUTSIDER}（可编辑）`],
      [
        "审计测试学校7信息采集表",
        code(7),
        "任何知道链接的人",
        "reader",
        "任何知道链接的人（可查看）",
      ],
      [`${code(9)}信息采集表`, code(9), viewer(9), "writer", `${viewer(9)}（可编辑）`],
    ]);
    expect(body.unexpected[2]).toMatchObject({
      kind: "school",
      schoolName: "审计测试学校7",
      spreadsheetId: victim,
    });
  });

  it("shows them on the school's 总览 row, and the county's on the totals row, each spreadsheet named", async () => {
    const { overview } = await summaryData(
      env.DB,
      "2026-12-03",
      campaignOf("2026-12-03", undefined),
    );
    const column = OVERVIEW_HEADERS.indexOf("共享异常");
    const row = overview.table.find((r) => r[0] === code(7)) ?? [];
    expect(row[column]).toBe(
      `信息采集表：${OUTSIDER}（可编辑）、任何知道链接的人（可查看）；教师账号表：${STRANGER}（可编辑）`,
    );
    expect(overview.table[1]?.[column]).toBe(
      `1 所有未预期的共享；县级复核表：${STRANGER}（可编辑）`,
    );
  });
});
