/**
 * Item 3 of the second trust review: access follows the schools CSV and county.json. The case as
 * it happens: the CSV names a new 系统管理员 and provisioning is re-run; the old one must lose the
 * account spreadsheet (every initial password) and the school spreadsheet. Each person's access
 * is checked as that person, through the emulator, with googleapis.
 */
import { readFileSync } from "node:fs";
import { google } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { progressLine } from "../../scripts/provision/report";
import { GRANT_PROPERTY_PREFIX, recordedGrants } from "../../src/core/sharing/audit";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { type CountyConfig, parseSchoolsCsv, type School } from "../../src/core/templates/index";
import { type Setup, setUp } from "./emulator-setup";

const parsed = parseSchoolsCsv(
  readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8"),
  shippedTemplates.codeTables,
);
if (!parsed.ok) throw new Error("example CSV does not parse");
const PRIMARY = parsed.value.find((s) => s.code === "4306230002") as School;
const OLD_ADMIN = PRIMARY.systemAdmins[0] ?? "";
const NEW_ADMIN = "s0002-admin-new@hrjy.example.cn";
const HEAD = PRIMARY.principals[0] ?? "";
const STRANGER = "inspector@example.com";
const LEFT_OFFICE = "huangwei@hrjy.example.cn";

let setup: Setup;
let first: Provisioned[];
let second: Provisioned[];
let beforeReRun: { sheets: number; drive: number };

const run = (school: School, county: CountyConfig = shippedCountyConfig) =>
  provision({
    clients: setup.admin,
    schools: [school],
    templates: shippedTemplates,
    county,
    serviceAccount: setup.serviceAccount,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });

const entryOf = (entries: Provisioned[], kind: Provisioned["kind"]): Provisioned => {
  const entry = entries.find((e) => e.kind === kind);
  if (!entry?.outcome.ok) throw new Error(`${kind} not provisioned`);
  return entry;
};
const idOf = (kind: Provisioned["kind"]) => {
  const { outcome } = entryOf(first, kind);
  return outcome.ok ? outcome.spreadsheetId : "";
};

async function tokenFor(email: string) {
  const res = await fetch(`${setup.url}/__emulator/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  const { access_token } = (await res.json()) as { access_token: string };
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token });
  return auth;
}

/** What `email` gets reading the spreadsheet: 200, or Sheets' and Drive's refusal. */
async function access(email: string, spreadsheetId: string) {
  const auth = await tokenFor(email);
  const rootUrl = `${setup.url}/`;
  const status = async (call: Promise<unknown>) => {
    try {
      await call;
      return 200;
    } catch (error) {
      return (error as { status?: number }).status ?? 0;
    }
  };
  return {
    sheets: await status(
      google.sheets({ version: "v4", auth, rootUrl, retry: false }).spreadsheets.get({
        spreadsheetId,
      }),
    ),
    drive: await status(
      google.drive({ version: "v3", auth, rootUrl, retry: false }).files.get({
        fileId: spreadsheetId,
      }),
    ),
  };
}

async function roleOf(email: string, fileId: string): Promise<string | undefined> {
  const { data } = await setup.admin.drive.permissions.list({
    fileId,
    fields: "permissions(emailAddress,role)",
  });
  return data.permissions?.find((p) => p.emailAddress === email)?.role ?? undefined;
}

const withoutOffice = (county: CountyConfig, email: string): CountyConfig => ({
  ...county,
  offices: county.offices.map((o) => ({ ...o, emails: o.emails.filter((e) => e !== email) })),
});

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
  first = await run(PRIMARY);
  beforeReRun = await access(OLD_ADMIN, idOf("accounts"));
  // The owner shares the account spreadsheet and the recheck spreadsheet outside provisioning.
  for (const fileId of [idOf("accounts"), idOf("recheck")]) {
    await setup.admin.drive.permissions.create({
      fileId,
      requestBody: { type: "user", role: "writer", emailAddress: STRANGER },
    });
  }
  // The CSV names a new system admin; the principal becomes a viewer; county.json drops one
  // of 教师进修学校's two people.
  const replaced: School = {
    ...PRIMARY,
    systemAdmins: [NEW_ADMIN],
    principals: [],
    viewers: [...PRIMARY.viewers, HEAD],
  };
  second = await run(replaced, withoutOffice(shippedCountyConfig, LEFT_OFFICE));
}, 300_000);

afterAll(async () => {
  await setup?.stop();
});

describe("a system admin the CSV no longer names", () => {
  it("reads the account spreadsheet before the re-run", () => {
    expect(OLD_ADMIN).not.toBe("");
    expect(beforeReRun).toEqual({ sheets: 200, drive: 200 });
  });

  it("is refused both spreadsheets after it, in Sheets and in Drive; the new one reads them", async () => {
    for (const kind of ["accounts", "school"] as const) {
      expect(await access(OLD_ADMIN, idOf(kind))).toEqual({ sheets: 403, drive: 404 });
      expect(await access(NEW_ADMIN, idOf(kind))).toEqual({ sheets: 200, drive: 200 });
    }
  });

  it("is named as removed in the run's report", () => {
    const accounts = entryOf(second, "accounts");
    expect(accounts.outcome.ok && accounts.outcome.changes).toContainEqual({
      kind: "unshare",
      target: OLD_ADMIN,
      detail: "writer",
    });
    expect(progressLine(accounts, 2, 4)).toContain(`取消共享：${OLD_ADMIN}（可编辑）`);
    expect(progressLine(entryOf(second, "school"), 1, 4)).toContain(OLD_ADMIN);
  });
});

describe("a role the CSV lowered", () => {
  it("is lowered, not removed, and the report says so", async () => {
    expect(await roleOf(HEAD, idOf("school"))).toBe("reader");
    expect(progressLine(entryOf(second, "school"), 1, 4)).toContain(
      `降低权限：${HEAD}（可编辑→可查看）`,
    );
  });
});

describe("a county office person county.json no longer lists", () => {
  it("loses the recheck and the summary spreadsheet", async () => {
    expect(await access(LEFT_OFFICE, idOf("recheck"))).toEqual({ sheets: 403, drive: 404 });
    expect(await access(LEFT_OFFICE, idOf("summary"))).toEqual({ sheets: 403, drive: 404 });
    expect(await access("jinxiu@hrjy.example.cn", idOf("recheck"))).toEqual({
      sheets: 200,
      drive: 200,
    });
  });
});

describe("a grant provisioning never made", () => {
  it("stays, and the run reports it for people to check", async () => {
    expect(await roleOf(STRANGER, idOf("accounts"))).toBe("writer");
    expect(await roleOf(STRANGER, idOf("recheck"))).toBe("writer");
    expect(progressLine(entryOf(second, "accounts"), 2, 4)).toContain(
      `未经建表授予（已保留，请人工核对）：${STRANGER}（可编辑）`,
    );
  });

  it("keeps the owner and the service account", async () => {
    expect(await roleOf(setup.serviceAccount, idOf("accounts"))).toBe("writer");
    const { data } = await setup.admin.drive.permissions.list({
      fileId: idOf("accounts"),
      fields: "permissions(role)",
    });
    expect(data.permissions?.some((p) => p.role === "owner")).toBe(true);
  });
});

describe("the roster on every managed spreadsheet", () => {
  it("records what provisioning granted on account, recheck and summary spreadsheets too", async () => {
    for (const kind of ["accounts", "recheck", "summary"] as const) {
      const { data } = await setup.admin.drive.files.get({
        fileId: idOf(kind),
        fields: "appProperties",
      });
      const roster = recordedGrants(data.appProperties ?? {});
      expect(roster.get(setup.serviceAccount)).toBe("writer");
      expect(roster.has(OLD_ADMIN)).toBe(false);
      expect(roster.has(LEFT_OFFICE)).toBe(false);
    }
  });

  it("is only recorded on a file provisioned before rosters: nothing is removed", async () => {
    const fileId = idOf("accounts");
    const { data } = await setup.admin.drive.files.get({ fileId, fields: "appProperties" });
    const roster = Object.keys(data.appProperties ?? {}).filter((k) =>
      k.startsWith(GRANT_PROPERTY_PREFIX),
    );
    // googleapis types appProperties as strings only; Drive removes a key sent as null.
    const cleared = Object.fromEntries(roster.map((k) => [k, null])) as unknown as Record<
      string,
      string
    >;
    await setup.admin.drive.files.update({ fileId, requestBody: { appProperties: cleared } });
    const back = await run(PRIMARY);
    // The new admin's grant is no longer on any roster: it stays, and is reported.
    expect(await roleOf(NEW_ADMIN, fileId)).toBe("writer");
    expect(await roleOf(OLD_ADMIN, fileId)).toBe("writer");
    const accounts = entryOf(back, "accounts");
    expect(accounts.outcome.ok && accounts.outcome.changes).not.toContainEqual(
      expect.objectContaining({ kind: "unshare" }),
    );
    expect(progressLine(accounts, 2, 4)).toContain(NEW_ADMIN);
    const { data: marked } = await setup.admin.drive.files.get({ fileId, fields: "appProperties" });
    expect(recordedGrants(marked.appProperties ?? {}).get(OLD_ADMIN)).toBe("writer");
  }, 120_000);
});
