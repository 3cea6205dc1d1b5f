import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { createGoogleClient } from "../../src/adapters/google/client";
import { parseServiceAccountKey } from "../../src/adapters/google/service-account";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { randomId } from "../../src/jobs/dispatch";
import { syncSchoolSheet } from "../../src/jobs/sync-school";
import { asUser, envFor, registerServiceAccount, type ServiceAccount } from "./support/emulator";
import {
  asSheet,
  createSchoolSheet,
  headersOf,
  liftProjectQuotas,
  person,
  readSheet,
  type School,
  smallTabs,
} from "./support/schools";

/**
 * Rows move while the worker works. Each trial: a user edits phones (some invalid, each invalid
 * value unique to its person), the worker syncs, and between its read and its guard re-read a
 * user sorts the 联系方式 tab, inserts blank rows, deletes a row or drags one elsewhere. After
 * each trial no row may show a 记录编号 of another person, nor a 校验结果 quoting another person's
 * phone: a status never lands on someone else's row. 5 schools × 10 trials, seeded.
 */

const SCHOOL_COUNT = 5;
const TRIALS_PER_SCHOOL = 10;
const PEOPLE = 6;
const TAB = "联系方式";
const HEADERS = headersOf(TAB);
const col = (header: string) => HEADERS.indexOf(header);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Trial {
  school: School;
  id: string;
  sheetId: number;
  sa: ServiceAccount;
  admin: string;
  auditor: string;
  people: ReturnType<typeof person>[];
}

const setups: Trial[] = [];

beforeAll(async () => {
  await liftProjectQuotas();
  for (let s = 0; s < SCHOOL_COUNT; s++) {
    const school: School = {
      code: `430623300${s}`,
      name: `华容县行移动测试第${s + 1}小学`,
      category: "primary_secondary",
    };
    const people = Array.from({ length: PEOPLE }, (_, i) => person(2000 + s * PEOPLE + i));
    const sa = await registerServiceAccount(`row-moves-${s}`);
    const admin = `admin${s}@row-moves.hrjy.example.cn`;
    const auditor = `auditor${s}@row-moves.hrjy.example.cn`;
    const id = await createSchoolSheet(admin, sa.client_email, school, asSheet(smallTabs(people)), [
      auditor,
    ]);
    const meta = await asUser<{ sheets: { properties: { sheetId: number; title: string } }[] }>(
      admin,
      "GET",
      `v4/spreadsheets/${id}?fields=${encodeURIComponent("sheets.properties")}`,
    );
    const sheetId = meta.sheets.find((t) => t.properties.title === TAB)?.properties.sheetId ?? -1;
    setups.push({ school, id, sheetId, sa, admin, auditor, people });
  }
}, 60_000);

type Move = { kind: string; request: unknown };

/** A user's move of the tab's data rows (sheet rows 2..dataRows+1), drawn from `random`. */
function drawMove(random: () => number, sheetId: number, dataRows: number): Move {
  const pick = (n: number) => Math.floor(random() * n);
  const rows = (start: number, end: number) => ({
    sheetId,
    dimension: "ROWS",
    startIndex: start,
    endIndex: end,
  });
  switch (pick(4)) {
    case 0:
      return {
        kind: "sort",
        request: {
          sortRange: {
            range: {
              sheetId,
              startRowIndex: 1,
              endRowIndex: 1 + dataRows,
              startColumnIndex: 0,
              endColumnIndex: HEADERS.length,
            },
            sortSpecs: [
              {
                dimensionIndex: [col("姓名"), col("移动电话"), col("身份证件号")][pick(3)],
                sortOrder: pick(2) ? "ASCENDING" : "DESCENDING",
              },
            ],
          },
        },
      };
    case 1: {
      const at = 1 + pick(dataRows + 1);
      return {
        kind: "insert",
        request: {
          insertDimension: { range: rows(at, at + 1 + pick(2)), inheritFromBefore: false },
        },
      };
    }
    case 2: {
      const at = 1 + pick(dataRows);
      return { kind: "delete", request: { deleteDimension: { range: rows(at, at + 1) } } };
    }
    default: {
      const from = 1 + pick(dataRows);
      return {
        kind: "move",
        request: {
          moveDimension: { source: rows(from, from + 1), destinationIndex: 1 + pick(dataRows + 1) },
        },
      };
    }
  }
}

describe("rows moved between the worker's read and its write", () => {
  it(`never put a status, 记录编号 or 校验结果 on another person's row (${SCHOOL_COUNT * TRIALS_PER_SCHOOL} seeded trials)`, async () => {
    const crypto = await idCryptoFromEnv(envFor(setups[0]?.sa as ServiceAccount));
    const tally: Record<string, number> = {};
    let dropped = 0;
    let written = 0;
    let checkedRows = 0;

    await Promise.all(
      setups.map(async (setup, s) => {
        const random = mulberry32(1000 + s);
        const env = envFor(setup.sa);
        const keyOfPerson = new Map<string, string>();
        for (const p of setup.people) keyOfPerson.set(p.id, await crypto.personKey(p.id));
        /** Every phone value each person's row was given: the quote a 校验结果 may carry. */
        const phonesOf = new Map<string, Set<string>>(
          setup.people.map((p, i) => [
            p.id,
            new Set([`1380730${String(1000 + i).padStart(4, "0")}`]),
          ]),
        );
        let tab = (await readSheet(setup.auditor, setup.id, [TAB]))[TAB] ?? [];

        for (let trial = 0; trial < TRIALS_PER_SCHOOL; trial++) {
          // The user's edits: two rows get a new phone, invalid ones unique to their person.
          const data = tab.slice(1).map((row, i) => ({ row, sheetRow: i + 2 }));
          const people = data.filter((d) => (d.row[col("身份证件号")] ?? "") !== "");
          for (let e = 0; e < 2 && people.length > 0; e++) {
            const { row, sheetRow } = people[
              Math.floor(random() * people.length)
            ] as (typeof people)[0];
            const idNumber = row[col("身份证件号")] as string;
            const who = setup.people.findIndex((p) => p.id === idNumber);
            const phone =
              random() < 0.5
                ? `12${String(s).padStart(2, "0")}${who}${String(trial).padStart(2, "0")}${e}`
                : `139073${String(s)}${who}${String(trial * 2 + e).padStart(3, "0")}`;
            phonesOf.get(idNumber)?.add(phone);
            await asUser(
              setup.admin,
              "PUT",
              `v4/spreadsheets/${setup.id}/values/${encodeURIComponent(`'${TAB}'!${columnLetters(col("移动电话"))}${sheetRow}`)}?valueInputOption=RAW`,
              { values: [[phone]] },
            );
          }

          // The worker, with a user's move slipped in just before its guard re-read.
          const move = drawMove(random, setup.sheetId, tab.length - 1);
          tally[move.kind] = (tally[move.kind] ?? 0) + 1;
          let reads = 0;
          const hooked: typeof fetch = async (input, init) => {
            const url = String(input instanceof Request ? input.url : input);
            if (url.includes("/values:batchGet") && ++reads === 2) {
              await asUser(setup.admin, "POST", `v4/spreadsheets/${setup.id}:batchUpdate`, {
                requests: [move.request],
              });
            }
            return fetch(input, init);
          };
          const client = createGoogleClient({
            key: parseServiceAccountKey(env.GOOGLE_SERVICE_ACCOUNT_KEY),
            tokenUrl: env.OAUTH_TOKEN_URL,
            fetch: hooked,
          });
          const outcome = await syncSchoolSheet(
            {
              db: env.DB,
              google: {
                client,
                sheetsBaseUrl: env.SHEETS_BASE_URL,
                driveBaseUrl: env.DRIVE_BASE_URL,
              },
              crypto,
              templates: shippedTemplates,
              now: new Date(),
              newId: randomId,
            },
            {
              kind: "school",
              spreadsheetId: setup.id,
              version: trial + 1,
              school: setup.school,
            },
            true,
          );
          dropped += outcome.dropped;
          written += outcome.writes;

          // What the user sees now: every row's 记录编号 and 校验结果 are its own person's.
          tab = (await readSheet(setup.auditor, setup.id, [TAB]))[TAB] ?? [];
          const ids = tab
            .slice(1)
            .map((r) => r[col("记录编号")] ?? "")
            .filter((x) => x !== "");
          const owners = new Map<string, string | null>();
          if (ids.length > 0) {
            const { results } = await env.DB.prepare(
              `SELECT record_id, person_key FROM records WHERE record_id IN (${ids.map(() => "?").join(",")})`,
            )
              .bind(...ids)
              .all<{ record_id: string; person_key: string | null }>();
            for (const r of results) owners.set(r.record_id, r.person_key);
          }
          for (const [i, row] of tab.slice(1).entries()) {
            const idNumber = row[col("身份证件号")] ?? "";
            const recordId = row[col("记录编号")] ?? "";
            const where = `school ${s} trial ${trial} (${move.kind}) row ${i + 2}`;
            if (idNumber === "") {
              // A blank inserted row gets nothing.
              expect(row.slice(col("审核状态")).join(""), where).toBe("");
              continue;
            }
            checkedRows += 1;
            if (recordId !== "" && owners.has(recordId)) {
              expect(owners.get(recordId), `${where}: 记录编号`).toBe(keyOfPerson.get(idNumber));
            }
            const check = row[col("校验结果")] ?? "";
            for (const [, quoted] of check.matchAll(/「([^」]*)」/g)) {
              expect(phonesOf.get(idNumber)?.has(quoted ?? ""), `${where}: ${check}`).toBe(true);
            }
          }
        }
      }),
    );
    console.log(JSON.stringify({ tally, written, dropped, checkedRows }));
    // The trials did what they claim: every kind of move, writes landed, some ops were dropped.
    expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(SCHOOL_COUNT * TRIALS_PER_SCHOOL);
    expect(Object.keys(tally).sort()).toEqual(["delete", "insert", "move", "sort"]);
    expect(written).toBeGreaterThan(SCHOOL_COUNT * TRIALS_PER_SCHOOL);
    expect(checkedRows).toBeGreaterThan(SCHOOL_COUNT * TRIALS_PER_SCHOOL * 3);
  }, 120_000);
});
