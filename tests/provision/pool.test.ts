import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { sharedWithPool } from "../../src/core/provision/pool";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../src/core/templates/index";
import { ADMIN, type Setup, setUp } from "./emulator-setup";

/**
 * A pool of service accounts: provisioning shares every spreadsheet with each of them as it does
 * with the default one — writer, and editor of every column only the system writes — so any
 * account of the pool can sync any school.
 */

const csv = readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8");
const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
if (!parsed.ok) throw new Error("example CSV does not parse");
const PRIMARY = parsed.value.find((s) => s.code === "4306230002") as School;
const SECOND = "pool-2@tmis-test.iam.gserviceaccount.com";

let setup: Setup;
let done: Provisioned[];

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
  await setup.control("/service-accounts", { email: SECOND });
  done = await provision({
    clients: setup.admin,
    schools: [PRIMARY],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: setup.serviceAccount,
    poolAccounts: [SECOND],
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
}, 120_000);
afterAll(async () => setup.stop());

function idOf(kind: Provisioned["kind"]): string {
  const entry = done.find((e) => e.kind === kind);
  if (!entry?.outcome.ok) throw new Error(`${kind} not provisioned`);
  return entry.outcome.spreadsheetId;
}

async function write(email: string, spreadsheetId: string, range: string, value: string) {
  const sheets = await setup.sheetsAs(email);
  try {
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range,
      valueInputOption: "RAW",
      requestBody: { values: [[value]] },
    });
    return 200;
  } catch (error) {
    return (error as { status?: number }).status;
  }
}

describe("provisioning for a pool of service accounts", () => {
  it("shares every spreadsheet with each account of the pool, as writer", async () => {
    for (const kind of ["school", "accounts", "recheck", "summary"] as const) {
      const { data } = await setup.admin.drive.permissions.list({
        fileId: idOf(kind),
        fields: "permissions(emailAddress,role)",
      });
      const roles = new Map((data.permissions ?? []).map((p) => [p.emailAddress, p.role]));
      expect(roles.get(setup.serviceAccount)).toBe("writer");
      expect(roles.get(SECOND)).toBe("writer");
    }
  });

  it("lets the second account write what only the system writes; people stay refused", async () => {
    const header = (
      await (
        await setup.sheetsAs(ADMIN)
      ).spreadsheets.values.get({
        spreadsheetId: idOf("school"),
        range: "'基本信息'!1:1",
      })
    ).data.values?.[0] as string[];
    const column = header.indexOf("审核状态");
    const letter = String.fromCharCode(65 + (column % 26));
    const cell = `'基本信息'!${column < 26 ? letter : `A${letter}`}2`;
    expect(await write(SECOND, idOf("school"), cell, "待校验")).toBe(200);
    expect(await write(PRIMARY.infoAdmins[0] as string, idOf("school"), cell, "已生效")).toBe(403);
    expect(await write(SECOND, idOf("accounts"), "'账号'!C2", "x")).toBe(200);
  });

  it("adds the pool wherever the default account is, and nowhere else", () => {
    const layout = {
      title: "t",
      grants: [
        { email: "sa@x", role: "writer" as const },
        { email: "reader@x", role: "reader" as const },
      ],
      tabs: [
        {
          kind: "guide" as const,
          title: "说明",
          lines: [],
          protection: { key: "g", label: "g", editors: ["sa@x"] },
        },
      ],
    };
    const pooled = sharedWithPool(layout, "sa@x", ["sa@x", "b@x"]);
    expect(pooled.grants).toEqual([
      { email: "sa@x", role: "writer" },
      { email: "b@x", role: "writer" },
      { email: "reader@x", role: "reader" },
    ]);
    expect(pooled.tabs[0]?.kind === "guide" && pooled.tabs[0].protection.editors).toEqual([
      "sa@x",
      "b@x",
    ]);
    expect(sharedWithPool(layout, "sa@x", [])).toBe(layout);
  });
});
