/**
 * Item 5 of the trust review: school staff must not be able to share their spreadsheet. The
 * attack, as the school's info admin would make it with googleapis: add an outside writer and an
 * anyone-with-the-link reader.
 */
import { readFileSync } from "node:fs";
import { google } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { recordedGrants } from "../../src/core/sharing/audit";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../src/core/templates/index";
import { type Setup, setUp } from "./emulator-setup";

const parsed = parseSchoolsCsv(
  readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8"),
  shippedTemplates.codeTables,
);
if (!parsed.ok) throw new Error("example CSV does not parse");
const PRIMARY = parsed.value.find((s) => s.code === "4306230002") as School;
const INFO_ADMIN = PRIMARY.infoAdmins[0] ?? "";

let setup: Setup;
let spreadsheetId = "";

const run = () =>
  provision({
    clients: setup.admin,
    schools: [PRIMARY],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: setup.serviceAccount,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });

async function driveAs(email: string) {
  const res = await fetch(`${setup.url}/__emulator/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  const { access_token } = (await res.json()) as { access_token: string };
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token });
  return google.drive({ version: "v3", auth, rootUrl: `${setup.url}/`, retry: false });
}

async function status(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    return (error as { status?: number }).status ?? 0;
  }
}

const schoolOf = (entries: Provisioned[]) => {
  const entry = entries.find((e) => e.school?.code === PRIMARY.code);
  if (!entry?.outcome.ok) throw new Error("not provisioned");
  return entry.outcome.spreadsheetId;
};

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
  spreadsheetId = schoolOf(await run());
}, 300_000);

afterAll(async () => {
  await setup?.stop();
});

describe("a provisioned school spreadsheet", () => {
  it("refuses the info admin sharing it with an outsider or with anyone who has the link", async () => {
    expect(INFO_ADMIN).not.toBe("");
    const drive = await driveAs(INFO_ADMIN);
    const outsider = { type: "user", role: "writer", emailAddress: "outsider@example.com" };
    const anyone = { type: "anyone", role: "reader" };
    expect(
      await status(drive.permissions.create({ fileId: spreadsheetId, requestBody: outsider })),
    ).toBe(403);
    expect(
      await status(drive.permissions.create({ fileId: spreadsheetId, requestBody: anyone })),
    ).toBe(403);
    const { data } = await setup.admin.drive.permissions.list({
      fileId: spreadsheetId,
      fields: "permissions(type,emailAddress)",
    });
    expect(
      data.permissions?.some(
        (p) => p.type === "anyone" || p.emailAddress === outsider.emailAddress,
      ),
    ).toBe(false);
  });

  it("carries the roster the audit compares grants with", async () => {
    const { data } = await setup.admin.drive.files.get({
      fileId: spreadsheetId,
      fields: "appProperties,writersCanShare",
    });
    expect(data.writersCanShare).toBe(false);
    const roster = recordedGrants(data.appProperties ?? {});
    expect(roster.get(INFO_ADMIN)).toBe("writer");
    expect(roster.get(setup.serviceAccount)).toBe("writer");
  });

  it("locks a spreadsheet provisioned before the lock on the next run", async () => {
    await setup.admin.drive.files.update({
      fileId: spreadsheetId,
      requestBody: { writersCanShare: true },
    });
    await run();
    const { data } = await setup.admin.drive.files.get({
      fileId: spreadsheetId,
      fields: "writersCanShare",
    });
    expect(data.writersCanShare).toBe(false);
  });
});
