import { shippedCountyConfig } from "../../src/core/templates/bundle";
import type { CountyConfig, School, SchoolCategory } from "../../src/core/templates/index";

/**
 * The practice county: per trainee a primary school, a middle school and a kindergarten, with
 * accounts under a domain that cannot be anyone's real mailbox (`.test` is reserved, RFC 2606).
 * The primary and the middle school share a category, so a trainee can transfer a teacher
 * between their own two schools; the kindergarten has other columns (进本园年月, 学前教育…).
 */
export const PRACTICE_DOMAIN = "practice.huarong.test";
export const MAX_TRAINEES = 60;
/** Who provisions (owns) the practice spreadsheets. */
export const PRACTICE_ADMIN = `admin@${PRACTICE_DOMAIN}`;

interface SchoolKind {
  readonly digit: string;
  readonly name: string;
  readonly category: SchoolCategory;
  /** `school_type` code (codes.json). */
  readonly schoolType: string;
}

const KINDS: readonly SchoolKind[] = [
  { digit: "1", name: "练习小学", category: "primary_secondary", schoolType: "211" },
  { digit: "2", name: "练习中学", category: "primary_secondary", schoolType: "311" },
  { digit: "3", name: "练习幼儿园", category: "kindergarten", schoolType: "111" },
];

/** A trainee's own accounts: one per school role, the same for all three of their schools. */
export interface TraineeAccounts {
  readonly systemAdmin: string;
  readonly infoAdmin: string;
  readonly principal: string;
  readonly viewer: string;
}

export interface Trainee {
  readonly number: number;
  readonly accounts: TraineeAccounts;
  readonly schools: readonly School[];
}

function traineeAccounts(n: number): TraineeAccounts {
  const at = (role: string) => `${role}${n}@${PRACTICE_DOMAIN}`;
  return { systemAdmin: at("xtgl"), infoAdmin: at("xxgl"), principal: at("xz"), viewer: at("cxy") };
}

/**
 * School codes 4306239NNK (NN the trainee, K the kind): 10 digits like the county's real ones,
 * in a block (…239…) the example schools list does not use.
 */
function practiceTrainee(n: number): Trainee {
  const accounts = traineeAccounts(n);
  const schools = KINDS.map(
    (kind): School => ({
      code: `4306239${String(n).padStart(2, "0")}${kind.digit}`,
      name: `${kind.name}（学员${n}）`,
      category: kind.category,
      schoolType: kind.schoolType,
      township: "练习镇",
      systemAdmins: [accounts.systemAdmin],
      infoAdmins: [accounts.infoAdmin],
      principals: [accounts.principal],
      viewers: [accounts.viewer],
    }),
  );
  return { number: n, accounts, schools };
}

export function practiceTrainees(count: number): Trainee[] {
  return Array.from({ length: count }, (_, i) => practiceTrainee(i + 1));
}

/**
 * The county offices get one practice account each, shared by all trainees: the county recheck
 * spreadsheet exists once per county, so any 人事股 account can decide any trainee's row, and
 * accounts per trainee would only suggest a separation that is not there. Trainees find their
 * own rows by the school name, which carries their number.
 */
const OFFICE_ACCOUNTS: Readonly<Record<string, string>> = {
  personnel: "renshi",
  trainingSchool: "jinxiu",
  leadershipOffice: "lingdao",
};

export const practiceCounty: CountyConfig = {
  ...shippedCountyConfig,
  offices: shippedCountyConfig.offices.map((office) => ({
    ...office,
    emails: [`${OFFICE_ACCOUNTS[office.key] ?? office.key}@${PRACTICE_DOMAIN}`],
  })),
};
