/**
 * Provisioning as a function: every school's spreadsheet, then the county recheck and the
 * summary spreadsheets. One Drive listing finds what exists; each spreadsheet is then brought up
 * to its layout (see spreadsheet.ts). A failure on one spreadsheet is reported and the run goes
 * on with the next, so one bad account address does not hold up two hundred schools.
 */

import { ACCOUNTS_TAB_KEY, ACCOUNTS_TITLE } from "../../src/core/accounts/tab";
import {
  accountsLayout,
  type Change,
  type ExistingPermission,
  layoutVersion,
  recheckLayout,
  type SpreadsheetLayout,
  schoolLayout,
  summaryLayout,
} from "../../src/core/provision/index";
import { sharedWithPool } from "../../src/core/provision/pool";
import { grantProperties } from "../../src/core/sharing/audit";
import { recheckTabs, SUMMARY_TABS, tabKeysOf } from "../../src/core/sync/county-tabs";
import { BOUND_WORKER_TABS } from "../../src/core/sync/tab-manifest";
import {
  type CountyConfig,
  type School,
  SchoolCategory,
  type Templates,
  templateFor,
} from "../../src/core/templates/index";
import type { GoogleClients } from "./auth";
import { type FileKey, type Kind, listManaged, matches } from "./drive-files";
import type { RetryOptions } from "./retry";
import { provisionSpreadsheet, type Result, type Target } from "./spreadsheet";

export interface ProvisionInput {
  readonly clients: GoogleClients;
  readonly schools: readonly School[];
  readonly templates: Templates;
  readonly county: CountyConfig;
  /** The worker's service account: writer on every spreadsheet, editor of its columns. */
  readonly serviceAccount: string;
  /**
   * The rest of the worker's pool (GOOGLE_SERVICE_ACCOUNTS): shared like `serviceAccount`
   * wherever it is (core/provision/pool.ts says why all of them, not one per school).
   */
  readonly poolAccounts?: readonly string[];
  /** Send Google's sharing e-mail to new readers and writers. Default false. */
  readonly notify?: boolean;
  readonly retry?: RetryOptions;
  /** Called after each spreadsheet, in order. */
  readonly onProgress?: (done: Provisioned, index: number, total: number) => void;
}

export interface Provisioned {
  readonly kind: Kind;
  /** School name, or the spreadsheet's title for the county's two. */
  readonly name: string;
  readonly school?: School;
  readonly outcome:
    | {
        readonly ok: true;
        readonly result: Result;
        readonly spreadsheetId: string;
        readonly url: string;
        readonly changes: readonly Change[];
        readonly kept: readonly ExistingPermission[];
      }
    | { readonly ok: false; readonly error: string };
}

interface Job {
  readonly kind: Kind;
  readonly name: string;
  readonly school?: School;
  readonly target: Target;
}

export async function provision(input: ProvisionInput): Promise<Provisioned[]> {
  const retry = input.retry ?? {};
  const jobs = plannedJobs(input);
  const existing = await listManaged(input.clients.drive, retry);
  const done: Provisioned[] = [];
  for (const [index, job] of jobs.entries()) {
    const file = existing.find((f) => matches(f, job.target.key));
    let outcome: Provisioned["outcome"];
    try {
      const result = await provisionSpreadsheet(input.clients, job.target, file, {
        retry,
        notify: input.notify ?? false,
      });
      outcome = { ok: true, ...result };
    } catch (error) {
      outcome = { ok: false, error: describe(error) };
    }
    const entry: Provisioned = { kind: job.kind, name: job.name, school: job.school, outcome };
    done.push(entry);
    input.onProgress?.(entry, index + 1, jobs.length);
  }
  return done;
}

function plannedJobs(input: ProvisionInput): Job[] {
  const { serviceAccount } = input;
  const pool = input.poolAccounts ?? [];
  if (pool.length === 0) return layoutJobs(input);
  return layoutJobs(input).map((job) => {
    const layout = sharedWithPool(job.target.layout, serviceAccount, pool);
    // The roster and version recorded on the file follow the pooled layout.
    const appProperties = {
      ...job.target.appProperties,
      ...grantProperties(layout.grants),
      templateVersion: layoutVersion(layout),
    };
    return { ...job, target: { ...job.target, layout, appProperties } };
  });
}

function layoutJobs(input: ProvisionInput): Job[] {
  const { templates, county, serviceAccount } = input;
  const schools = input.schools.flatMap((school): Job[] => {
    const layout = schoolLayout({
      school,
      categoryTitle: templates.categories[school.category].title,
      sections: templateFor(templates, school.category),
      codeTables: templates.codeTables,
      county,
      serviceAccount,
    });
    const key: FileKey = { tmisKind: "school", schoolCode: school.code };
    const tabKeys = Object.fromEntries(
      [...templateFor(templates, school.category), ...BOUND_WORKER_TABS].map((tab) => [
        tab.title,
        tab.key,
      ]),
    );
    // The worker finds the account spreadsheet by these two properties, in the listing it makes
    // anyway; the school's name and category travel on the school spreadsheet only.
    const accountsKey: FileKey = { tmisKind: "accounts", schoolCode: school.code };
    const accounts = accountsLayout({ school, serviceAccount });
    return [
      {
        kind: "school",
        name: school.name,
        school,
        target: {
          ...target(key, layout, {
            schoolCode: school.code,
            schoolName: school.name,
            schoolCategory: school.category,
            schoolTownship: school.township,
            // The worker routes the school's 在职情况变动 through its 主管学校's principal.
            ...(school.supervisor === undefined ? {} : { schoolSupervisor: school.supervisor }),
            // "" (not absent) when the list gives none, so a re-run clears an old count.
            schoolExpected: school.expectedStaff === undefined ? "" : String(school.expectedStaff),
          }),
          tabKeys,
        },
      },
      {
        kind: "accounts",
        name: accounts.title,
        school,
        target: {
          ...target(accountsKey, accounts, { schoolCode: school.code }),
          // The worker reads and writes the 账号 tab by this id only (a look-alike gets nothing).
          tabKeys: { [ACCOUNTS_TITLE]: ACCOUNTS_TAB_KEY },
        },
      },
    ];
  });
  const categories = SchoolCategory.options.map((category) => templateFor(templates, category));
  const recheck = recheckLayout({ categories, county, serviceAccount });
  const summary = summaryLayout({ county, serviceAccount });
  return [
    ...schools,
    {
      kind: "recheck",
      name: recheck.title,
      target: {
        ...target({ tmisKind: "recheck" }, recheck, {}),
        tabKeys: tabKeysOf(recheckTabs(templates)),
      },
    },
    {
      kind: "summary",
      name: summary.title,
      target: { ...target({ tmisKind: "summary" }, summary, {}), tabKeys: tabKeysOf(SUMMARY_TABS) },
    },
  ];
}

/**
 * Every managed file carries its roster (the grants provisioning made): the next run takes back
 * only those, and the worker's sharing audit compares the file's grants with it.
 */
function target(key: FileKey, layout: SpreadsheetLayout, extra: Record<string, string>): Target {
  return {
    key,
    layout,
    appProperties: {
      tmisKind: key.tmisKind,
      ...extra,
      ...grantProperties(layout.grants),
      templateVersion: layoutVersion(layout),
    },
  };
}

/** A googleapis error's message from Google, which says what was wrong; anything else as is. */
function describe(error: unknown): string {
  const data = (error as { response?: { data?: { error?: { message?: unknown } } } }).response
    ?.data;
  const message = data?.error?.message;
  if (typeof message === "string") return message;
  return error instanceof Error ? error.message : String(error);
}
