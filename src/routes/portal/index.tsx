/** @jsxImportSource hono/jsx */
/**
 * 教师自助: the teacher portal under /portal. Server-rendered pages; no script, nothing fetched
 * from elsewhere.
 *
 * Security, in the order a request meets it:
 * - every reply: no-store (app.ts), a strict Content-Security-Policy, no framing, referrers only
 *   to the portal itself (so a form POST carries its Origin for the same-origin check), and over
 *   HTTPS to a real host Strict-Transport-Security;
 * - every POST: a small body, an Origin of this site if any, and a CSRF token (sign-in: bound to
 *   the browser's pre-session; signed in: the session's token);
 * - sign-in: throttled per 教师编号 and client, per client address, and per 教师编号 and day
 *   across clients but its known devices (core/portal/throttle.ts); a locked key is refused
 *   without checking the password; an unknown 教师编号 costs one PBKDF2 like a known one; the
 *   session is new at every sign-in and the one presented before is ended;
 * - signed in: the session (D1, expiring) names the teacher; every record, section, submission
 *   and business request is looked up through that teacher, so another id in the URL finds
 *   nothing (404);
 * - an initial password opens only the password page until the teacher has chosen their own;
 * - a teacher sends at most MAX_PER_DAY submissions a Beijing day, and has one new row of a
 *   one-row section (基本信息, 联系方式) waiting at most, checked atomically with the insert.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { hashPassword, idCryptoFromEnv, verifyPassword } from "../../adapters/crypto/index";
import {
  type PersonRequest,
  type PersonStatus,
  personStatusOf,
  requestsOfPerson,
} from "../../adapters/store/business";
import { creditInputs } from "../../adapters/store/credits";
import {
  countAttempt,
  createSession,
  credentialsOf,
  deleteSession,
  forgiveAttempt,
  isKnownDevice,
  lockKey,
  type OwnRecord,
  ownRecords,
  type Profile,
  profileOf,
  rememberDevice,
  type Session,
  type ShownValue,
  setOwnPassword,
  sha256Hex,
  teacherIdNumber,
} from "../../adapters/store/portal";
import { recordResultsOf } from "../../adapters/store/record-results";
import { markSignedIn } from "../../adapters/store/registry-accounts";
import {
  queueWithin,
  type SubmissionSummary,
  submissionsOf,
  withdrawSubmission,
} from "../../adapters/store/submissions";
import { shownColumns } from "../../core/business/category-gap";
import { KIND_LABELS, partyLabel, STATE_LABELS } from "../../core/business/index";
import { buildLedger, CREDIT_STATUS_LABELS } from "../../core/credits/ledger";
import { redactPersonal } from "../../core/log/redact";
import {
  BASIC_SECTION,
  checkForm,
  displayValue,
  type FormError,
  type FormInput,
  fixedColumns,
  formFields,
  formInputOf,
  ID_COLUMN,
  NAME_COLUMN,
} from "../../core/portal/form";
import {
  canonicalTeacherNumber,
  checkablePassword,
  passwordProblems,
  SAME_AS_CURRENT,
} from "../../core/portal/password";
import {
  chinaDayStart,
  LONGEST_WINDOW_MS,
  PAIR_POLICY,
  type SignInClient,
  signInKeys,
  type Throttled,
  type Verdict,
  verdict,
  windowCutoff,
} from "../../core/portal/throttle";
import { detailsFields, stepWords } from "../../core/reports/business-log";
import { REVIEW_STATE_LABELS } from "../../core/review/states";
import { PASSED, REVOKED_UNSEEN } from "../../core/review/wording";
import { type ResolvedSection, templateFor } from "../../core/templates";
import { shippedCountyConfig, shippedTemplates } from "../../core/templates/bundle";
import { teacherArchive } from "../../jobs/archive";
import { shippedCodeName } from "../../jobs/business-log";
import { chinaDate } from "../../jobs/summary";
import { ARCHIVE_CSS, ArchivePage } from "../archive/page";
import {
  type CreditsView,
  FormPage,
  MePage,
  MessagePage,
  PasswordPage,
  type RecordView,
  type RequestView,
  type SectionView,
  SignInPage,
  type SubmissionView,
} from "./pages";
import {
  type Body,
  clearSessionCookie,
  clientAddress,
  csrfMatches,
  currentSession,
  DEVICE_LIFETIME_MS,
  deviceToken,
  endPreSession,
  expectedSignInCsrf,
  PORTAL_PATH,
  type PortalContext,
  type PortalEnv,
  preSessionId,
  SESSION_LIMITS,
  sameOrigin,
  servedSecurely,
  sessionToken,
  setDeviceCookie,
  setSessionCookie,
  signInCsrf,
} from "./session";
import { PORTAL_CSS } from "./style";

const TEACHER_NUMBER = /^430623\d{6}$/;

/**
 * Verified in place of a stored hash when the 教师编号 is unknown, so that an unknown number
 * costs the same PBKDF2 work as a known one. No password derives to it.
 */
const UNKNOWN_TEACHER_HASH =
  "pbkdf2$100000$Df/y2hlegCKURdp9GPEnkg==$HCKE0B7JS8eI1n/2aZrhkWNkyJrwz/8gyvQdf4w5+iQ=";

const WRONG_CREDENTIALS = "教师编号或密码不正确";

/**
 * Submissions one teacher may send in a Beijing day: enough to enter a file in one sitting, too
 * few to flood the school's sheet with rows for the principal to wade through, however often the
 * school syncs.
 */
const MAX_PER_DAY = 20;

const NOTICES: Readonly<Record<string, string>> = {
  password: "新密码已设置。初始密码已作废，将从学校账号表中清除。",
  submitted:
    "已提交。学校下次同步时（通常几分钟内），您提交的内容会出现在学校的信息表中，由校长核对后勾选「校长审核」，再经县级复核后生效。同步之前可以在下面「我的提交」中撤回。",
  withdrawn: "已撤回这次提交，它不会写入学校表格。",
};

export const portal = new Hono<PortalEnv>();

portal.use(async function portalHeaders(c, next) {
  await next();
  c.header(
    "content-security-policy",
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header("x-frame-options", "DENY");
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "same-origin");
  // Never on localhost or plain http: local development would be pinned to an HTTPS it lacks.
  if (servedSecurely(c))
    c.header("strict-transport-security", "max-age=31536000; includeSubDomains");
});

portal.use(
  bodyLimit({
    maxSize: 64 * 1024,
    onError: (c) =>
      c.html(<MessagePage title="提交内容过大" message="提交的内容过多，请检查后重试。" />, 413),
  }),
);

portal.get("/portal.css", (c) =>
  c.body(PORTAL_CSS, 200, { "content-type": "text/css; charset=utf-8" }),
);

// ── Sign-in ───────────────────────────────────────────────────────────────────────────────────

async function signInPage(c: PortalContext) {
  const session = await currentSession(c);
  if (session !== undefined)
    return c.redirect(`${PORTAL_PATH}/${session.mustChange ? "password" : "me"}`, 303);
  return renderSignIn(c, 200);
}

async function renderSignIn(
  c: PortalContext,
  status: 200 | 401 | 403 | 429,
  error?: string,
  teacherNumber?: string,
) {
  const csrf = await signInCsrf(c);
  return c.html(
    <SignInPage
      csrf={csrf}
      {...(error === undefined ? {} : { error })}
      {...(teacherNumber === undefined ? {} : { teacherNumber })}
    />,
    status,
  );
}

type Gate =
  | { readonly open: false; readonly message: string }
  | { readonly open: true; readonly checks: ReadonlyArray<Throttled & { verdict: Verdict }> };

/**
 * Counts this attempt on each key in turn and says whether its password may be checked: not
 * when a key is locked, or when attempts sent at once have already used up its allowance. A key
 * after a refusing one is not counted: an attempt never checked costs no other key's allowance.
 */
async function gate(c: PortalContext, keys: readonly Throttled[], now: string): Promise<Gate> {
  const checks: Array<Throttled & { verdict: Verdict }> = [];
  const staleBefore = new Date(Date.parse(now) - LONGEST_WINDOW_MS).toISOString();
  for (const entry of keys) {
    const cutoff = windowCutoff(entry.policy, now);
    const state = await countAttempt(c.env.DB, entry.key, cutoff, now, staleBefore);
    const judged = verdict(state, entry.policy, now);
    if (judged.kind === "locked") {
      if (judged.lock) await lockKey(c.env.DB, entry.key, judged.until, now);
      return { open: false, message: entry.policy.lockMessage(judged.until) };
    }
    checks.push({ ...entry, verdict: judged });
  }
  return { open: true, checks };
}

/**
 * Whether a typed password is the one `hash` holds (none: an unknown 教师编号). Always one PBKDF2
 * of at most PASSWORD_INPUT_MAX_LENGTH characters: an unknown number, or an input too long to be
 * a password, costs the same as a wrong password, never more.
 */
async function verifies(typed: string, hash: string | undefined): Promise<boolean> {
  const password = checkablePassword(typed);
  const verified = await verifyPassword(
    password ?? "",
    password === undefined ? UNKNOWN_TEACHER_HASH : (hash ?? UNKNOWN_TEACHER_HASH),
  );
  return verified && password !== undefined && hash !== undefined;
}

/** A wrong password: keys that reached their limit lock now; says so, or how many tries are left. */
async function wrongPassword(
  c: PortalContext,
  checks: ReadonlyArray<Throttled & { verdict: Verdict }>,
  now: string,
): Promise<{ locked: string } | { left: number | undefined }> {
  let locked: string | undefined;
  for (const check of checks)
    if (check.verdict.kind === "check" && check.verdict.lockIfWrong) {
      const until = check.policy.lockEnd(now);
      await lockKey(c.env.DB, check.key, until, now);
      locked ??= check.policy.lockMessage(until);
    }
  if (locked !== undefined) return { locked };
  const pair = checks.find((check) => check.policy === PAIR_POLICY);
  return { left: pair?.verdict.kind === "check" ? pair.verdict.left : undefined };
}

/** The right password: each key forgets what a right password clears (`onRight`). */
function forgive(c: PortalContext, keys: readonly Throttled[]): Promise<void> {
  return forgiveAttempt(
    c.env.DB,
    keys.filter((entry) => entry.onRight === "reset").map((entry) => entry.key),
    keys.filter((entry) => entry.onRight === "give_back").map((entry) => entry.key),
  );
}

/** Who is signing in to `teacherNumber`, each id hashed: only hashes reach the throttle table. */
async function signInClient(
  c: PortalContext,
  teacherNumber: string | undefined,
  now: string,
): Promise<SignInClient> {
  const address = clientAddress(c);
  const preSession = preSessionId(c);
  const device = deviceToken(c);
  const known =
    teacherNumber !== undefined &&
    device !== undefined &&
    (await isKnownDevice(c.env.DB, device, teacherNumber, now, DEVICE_LIFETIME_MS));
  return {
    teacherNumber,
    device: known ? await sha256Hex(device) : undefined,
    address: address === undefined ? undefined : await sha256Hex(address),
    preSession: preSession === undefined ? undefined : await sha256Hex(preSession),
  };
}

/** Signed in with the right password: this browser becomes (again) a known device of the number. */
async function keepDevice(c: PortalContext, teacherNumber: string, now: string): Promise<void> {
  const token = await rememberDevice(
    c.env.DB,
    teacherNumber,
    now,
    DEVICE_LIFETIME_MS,
    deviceToken(c),
  );
  setDeviceCookie(c, token);
}

portal.post("/sign-in", async (c) => {
  const body = await c.req.parseBody();
  if (!sameOrigin(c) || !(await csrfMatches(body._csrf, await expectedSignInCsrf(c))))
    return renderSignIn(c, 403, "页面已过期，请重新输入后登录");
  const number =
    typeof body.teacherNumber === "string" ? canonicalTeacherNumber(body.teacherNumber) : "";
  const password = typeof body.password === "string" ? body.password : "";
  const now = new Date().toISOString();

  const teacherNumber = TEACHER_NUMBER.test(number) ? number : undefined;
  const keys = signInKeys(await signInClient(c, teacherNumber, now), now);
  const gated = await gate(c, keys, now);
  if (!gated.open) return renderSignIn(c, 429, gated.message, number);

  const credentials =
    teacherNumber === undefined ? undefined : await credentialsOf(c.env.DB, teacherNumber);
  const verified = await verifies(password, credentials?.passwordHash);
  if (credentials === undefined || !verified) {
    const outcome = await wrongPassword(c, gated.checks, now);
    if ("locked" in outcome) return renderSignIn(c, 429, outcome.locked, number);
    return renderSignIn(
      c,
      401,
      outcome.left === undefined
        ? WRONG_CREDENTIALS
        : `${WRONG_CREDENTIALS}。再输错 ${outcome.left} 次将暂停登录 15 分钟。`,
      number,
    );
  }

  await forgive(c, keys);
  const { token } = await createSession(
    c.env.DB,
    credentials.teacherNumber,
    now,
    SESSION_LIMITS,
    sessionToken(c),
  );
  setSessionCookie(c, token);
  await keepDevice(c, credentials.teacherNumber, now);
  endPreSession(c);
  return c.redirect(`${PORTAL_PATH}/${credentials.mustChange ? "password" : "me"}`, 303);
});

// ── Signed in ─────────────────────────────────────────────────────────────────────────────────

/** Pages an initial password may open: choosing a new one, and leaving. */
const BEFORE_NEW_PASSWORD = new Set([`${PORTAL_PATH}/password`, `${PORTAL_PATH}/sign-out`]);

const signedIn = createMiddleware<PortalEnv>(async function requireSession(c, next) {
  const session = await currentSession(c);
  if (session === undefined) {
    if (c.req.method === "GET") return c.redirect(`${PORTAL_PATH}/`, 303);
    return c.html(<MessagePage title="请先登录" message="登录已失效，请重新登录。" />, 401);
  }
  if (c.req.method === "POST") {
    const body = await c.req.parseBody({ all: true });
    if (!sameOrigin(c) || !(await csrfMatches(body._csrf, session.csrfToken)))
      return c.html(
        <MessagePage
          title="请求无效"
          message="页面已过期或来源不明，请返回重新操作。"
          csrf={session.csrfToken}
        />,
        403,
      );
    c.set("body", body);
  }
  if (session.mustChange && !BEFORE_NEW_PASSWORD.has(c.req.path))
    return c.redirect(`${PORTAL_PATH}/password`, 303);
  c.set("session", session);
  await next();
});

portal.use("/sign-out", signedIn);
portal.use("/password", signedIn);
portal.use("/me", signedIn);
portal.use("/sections/*", signedIn);
portal.use("/records/*", signedIn);
portal.use("/submissions/*", signedIn);
portal.use("/archive", signedIn);
portal.use("/archive/*", signedIn);

portal.post("/sign-out", async (c) => {
  const token = sessionToken(c);
  if (token !== undefined) await deleteSession(c.env.DB, token);
  clearSessionCookie(c);
  return c.redirect(`${PORTAL_PATH}/`, 303);
});

portal.get("/password", (c) => {
  const session = c.get("session");
  return c.html(
    <PasswordPage csrf={session.csrfToken} forced={session.mustChange} problems={[]} />,
  );
});

portal.post("/password", async (c) => {
  const session = c.get("session");
  const body = c.get("body");
  const text = (key: string) => (typeof body[key] === "string" ? body[key] : "");
  const current = text("currentPassword");
  const chosen = text("newPassword");
  const now = new Date().toISOString();
  const number = session.teacherNumber;
  const render = (problems: string[], status: 200 | 401 | 422 = 422) =>
    c.html(
      <PasswordPage csrf={session.csrfToken} forced={session.mustChange} problems={problems} />,
      status,
    );

  // The current password is guessed under the same limits as at sign-in: a session left open
  // on a shared phone is no way around them.
  const keys = signInKeys(await signInClient(c, number, now), now);
  const gated = await gate(c, keys, now);
  if (!gated.open) return render([gated.message], 401);
  const credentials = await credentialsOf(c.env.DB, number);
  if (credentials === undefined || !(await verifies(current, credentials.passwordHash))) {
    const outcome = await wrongPassword(c, gated.checks, now);
    return render(["locked" in outcome ? outcome.locked : "当前密码不正确"], 401);
  }
  await forgive(c, keys);
  const profile = await profileOrFail(c, session);
  const problems = passwordProblems(chosen, text("confirmPassword"), {
    teacherNumber: number,
    name: profile.name,
  });
  if (problems.length === 0 && (await verifyPassword(chosen, credentials.passwordHash)))
    problems.push(SAME_AS_CURRENT);
  if (problems.length > 0) return render(problems);

  await setOwnPassword(c.env.DB, number, await hashPassword(chosen), now);
  // The existing signed-in flow: the initial password leaves the school's account spreadsheet.
  await markSignedIn(c.env.DB, number, now);
  const { token } = await createSession(c.env.DB, number, now, SESSION_LIMITS, undefined);
  setSessionCookie(c, token);
  await keepDevice(c, number, now);
  return c.redirect(`${PORTAL_PATH}/me?done=password`, 303);
});

// ── 我的信息 ──────────────────────────────────────────────────────────────────────────────────

/** The 14 data sections of the teacher's school category, in sheet order. */
function dataSections(profile: Profile): readonly ResolvedSection[] {
  return templateFor(shippedTemplates, profile.category).filter(
    (section) => section.kind === "section",
  );
}

async function profileOrFail(c: PortalContext, session: Session): Promise<Profile> {
  const profile = await profileOf(c.env.DB, session.teacherNumber);
  if (profile === undefined) throw new Error("登录的教师不在登记库中");
  return profile;
}

/** China time, minutes: what a teacher reads a timestamp as. */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** What the row's 校验结果 says, as the sync last wrote it; ID and phone numbers hidden. */
function resultNotes(result: string | undefined): string[] | undefined {
  if (result === undefined || result === PASSED) return undefined;
  return result.split("\n").map(redactPersonal);
}

/**
 * Without a stored 校验结果, what the state alone tells the teacher. A reason is a reviewer's free
 * text, which may quote someone's ID or phone number: shown with those hidden.
 */
function stateNotes(record: OwnRecord): string[] {
  const notes: string[] = [];
  const reason = record.reason === null ? null : redactPersonal(record.reason);
  if (record.state === "returned") notes.push(`退回原因：${reason ?? "见学校表格「校验结果」"}`);
  if (record.state === "incomplete")
    notes.push(
      "本行有需要修改的内容，请按学校表格「校验结果」中的提示修改（可请学校信息管理员处理）。",
    );
  if (record.state === "effective" && reason !== null)
    notes.push(`变更未获批准，已恢复原信息：${reason}`);
  if (record.state === "change_pending")
    notes.push("变更已提交领导小组办公室审批，批准前原已生效信息仍然有效");
  if (record.state === "revoked") notes.push(REVOKED_UNSEEN);
  return notes;
}

function recordView(
  record: OwnRecord,
  result: string | undefined,
  changeSent: boolean,
  section: ResolvedSection,
  profile: Profile,
): RecordView {
  const notes = resultNotes(result) ?? stateNotes(record);
  if (changeSent) notes.push("您已提交对本行的修改，学校下次同步后由校长审核。");
  if (record.effective === null) notes.push("本行尚未生效，内容以学校表格为准。");
  const values =
    record.effective === null
      ? []
      : // A record from a school of another category keeps values this template lacks: shown too.
        shownColumns(shippedTemplates, profile.category, section.key, record.effective).flatMap(
          (column) => {
            const value = record.effective?.[column.key];
            if (value === undefined) return [];
            const text =
              column.key === ID_COLUMN
                ? profile.idMasked
                : typeof value === "object" && "hidden" in value
                  ? "（含证件号，已隐藏）"
                  : displayValue(column, value, shippedTemplates.codeTables);
            return text === "" ? [] : [{ label: column.header, text }];
          },
        );
  return {
    recordId: record.recordId,
    state: record.state,
    stateLabel: REVIEW_STATE_LABELS[record.state],
    notes,
    values,
    editable: record.state === "effective" && record.schoolCode === profile.schoolCode,
  };
}

const OUTCOME_TEXT: Readonly<Record<string, string>> = {
  pending: "等待学校下次同步，之后出现在学校表格中由校长审核；同步前可以撤回",
  written: "已写入学校表格，等待校长审核",
  superseded: "已被您之后的提交取代",
  dropped: "未能写入：原记录已不在学校表格中",
  withdrawn: "已撤回，未写入学校表格",
};

function submissionView(
  submission: SubmissionSummary,
  sections: ReadonlyMap<string, ResolvedSection>,
): SubmissionView {
  const section = sections.get(submission.section);
  return {
    id: submission.id,
    sectionTitle: section?.title ?? submission.section,
    kind: submission.recordId === null ? "新增" : "修改",
    createdAt: chinaTime(submission.createdAt),
    status: OUTCOME_TEXT[submission.outcome ?? "pending"] ?? "",
    values: section === undefined ? [] : shownAsSent(section, submission.values),
    withdrawable: submission.outcome === null,
  };
}

/** The values of a submission, labelled: the ID (and anything hidden) never shown. */
function shownAsSent(
  section: ResolvedSection,
  values: Readonly<Record<string, ShownValue>>,
): Array<{ label: string; text: string }> {
  return section.columns.flatMap((column) => {
    const value = values[column.key];
    if (value === undefined || column.key === ID_COLUMN) return [];
    if (typeof value === "object" && "hidden" in value) return [];
    const text = displayValue(column, value, shippedTemplates.codeTables);
    return text === "" ? [] : [{ label: column.header, text }];
  });
}

async function creditsOf(
  c: PortalContext,
  teacherNumber: string,
): Promise<CreditsView | undefined> {
  const year = Number(chinaDate(new Date()).slice(0, 4));
  const { teachers, entries } = await creditInputs(c.env.DB, teacherNumber);
  const [line] = buildLedger(teachers, entries, shippedCountyConfig.credits, year);
  return line === undefined
    ? undefined
    : {
        year,
        yearCredits: line.yearCredits,
        yearRequired: line.yearRequired,
        cycleCredits: line.cycleCredits,
        cycleRequired: line.cycleRequired,
        pending: line.pending,
        returned: line.returned,
        status: CREDIT_STATUS_LABELS[line.status],
      };
}

/**
 * One of the teacher's business requests: the schools by their part in it, what it asks for,
 * and every step (when, which party, the decision, the reason). Free text is shown with any ID
 * or phone number hidden; the accounts that acted are not shown.
 */
function requestView(own: PersonRequest): RequestView {
  const { request } = own;
  const schools = [
    {
      label: request.kind === "status_change" ? "学校" : partyLabel(request.kind, "initiator"),
      text: own.initiatorSchoolName,
    },
    ...(own.otherSchoolName === null
      ? []
      : [{ label: partyLabel(request.kind, "counterpart"), text: own.otherSchoolName }]),
  ];
  return {
    id: request.id,
    kind: KIND_LABELS[request.kind],
    state: request.state,
    stateLabel: STATE_LABELS[request.state],
    facts: [...schools, ...detailsFields(request.details, shippedCodeName)].map((fact) => ({
      label: fact.label,
      text: redactPersonal(fact.text),
    })),
    steps: own.events.map((event) => ({
      at: chinaTime(event.at),
      ...stepWords(request.kind, event),
      reason: event.reason === null || event.reason === "" ? null : redactPersonal(event.reason),
    })),
  };
}

/** For a teacher who has left (离职, 退休, 死亡, 调出县外): the status the registry records. */
function leftNotice(status: PersonStatus | undefined): string | undefined {
  if (status === undefined || !status.hasLeft) return undefined;
  const change = shippedCodeName("status_change", status.code) ?? status.code;
  return `登记库记录的在职情况：${change}（${status.since} 起，申请编号 ${status.requestId}）。您已不在在职教师名单中，已有的信息仍然保留。`;
}

portal.get("/me", async (c) => {
  const session = c.get("session");
  const profile = await profileOrFail(c, session);
  const sections = dataSections(profile);
  const [records, submissions, credits, requests, status] = await Promise.all([
    ownRecords(c.env.DB, profile.personKey),
    submissionsOf(c.env.DB, profile.teacherNumber),
    creditsOf(c, profile.teacherNumber),
    requestsOfPerson(c.env.DB, profile.personKey),
    personStatusOf(c.env.DB, profile.personKey),
  ]);
  const results = await recordResultsOf(
    c.env.DB,
    records.map((record) => record.recordId),
  );
  const changing = new Set(
    submissions.flatMap((s) => (s.outcome === null && s.recordId !== null ? [s.recordId] : [])),
  );
  const pendingNew = new Set(
    submissions.filter((s) => s.outcome === null && s.recordId === null).map((s) => s.section),
  );
  const views: SectionView[] = sections.map((section) => {
    const own = records.filter((record) => record.section === section.key);
    return {
      key: section.key,
      title: section.title,
      records: own.map((record) =>
        recordView(
          record,
          results.get(record.recordId),
          changing.has(record.recordId),
          section,
          profile,
        ),
      ),
      canAdd:
        section.cardinality !== "one_per_person" ||
        (own.length === 0 && !pendingNew.has(section.key)),
    };
  });
  const byKey = new Map(sections.map((section) => [section.key, section]));
  // Own keys only: `?done=constructor` names nothing (not Object's constructor).
  const done = c.req.query("done") ?? "";
  const notice = Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
  return c.html(
    <MePage
      csrf={session.csrfToken}
      name={profile.name}
      teacherNumber={profile.teacherNumber}
      idMasked={profile.idMasked}
      schoolName={profile.schoolName}
      {...(notice === undefined ? {} : { notice })}
      credits={credits}
      requests={requests.map(requestView)}
      leftNotice={leftNotice(status)}
      sections={views}
      submissions={submissions.map((submission) => submissionView(submission, byKey))}
    />,
  );
});

// ── 电子档案 ─────────────────────────────────────────────────────────────────────────────────

portal.get("/archive.css", (c) =>
  c.body(ARCHIVE_CSS, 200, { "content-type": "text/css; charset=utf-8" }),
);

/**
 * The teacher's own 电子档案, to read and print: always the signed-in teacher's (no number in the
 * URL to change), and the teacher's copy: no digit of any ID number, phones masked.
 */
portal.get("/archive", async (c) => {
  const session = c.get("session");
  const view = await teacherArchive(
    c.env.DB,
    session.teacherNumber,
    { copy: "teacher" },
    new Date(),
  );
  if (view === undefined) throw new Error("登录的教师不在登记库中");
  return c.html(
    <ArchivePage
      title={`我的电子档案 ${view.name}`}
      views={[view]}
      stylesheet={`${PORTAL_PATH}/archive.css`}
      note="打印：浏览器菜单「打印」或「分享 → 打印」，纸张 A4。本页不含身份证件号和完整电话号码。"
    />,
  );
});

// ── Forms ─────────────────────────────────────────────────────────────────────────────────────

function notFound(c: PortalContext, session: Session) {
  return c.html(
    <MessagePage title="没有找到" message="没有找到这个页面或记录。" csrf={session.csrfToken} />,
    404,
  );
}

/** What the teacher may open a form for: a data section, and for a correction their own record. */
async function target(
  c: PortalContext,
  session: Session,
  kind: "section" | "record",
  id: string,
): Promise<
  | {
      profile: Profile;
      section: ResolvedSection;
      record: OwnRecord | null;
      others: number;
      records: readonly OwnRecord[];
    }
  | undefined
> {
  const profile = await profileOrFail(c, session);
  const records = await ownRecords(c.env.DB, profile.personKey);
  const record =
    kind === "record"
      ? records.find(
          (own) =>
            own.recordId === id &&
            own.state === "effective" &&
            own.schoolCode === profile.schoolCode,
        )
      : undefined;
  if (kind === "record" && record === undefined) return undefined;
  const key = record?.section ?? id;
  const section = dataSections(profile).find((candidate) => candidate.key === key);
  if (section === undefined) return undefined;
  const others = records.filter((own) => own.section === key).length;
  return { profile, section, record: record ?? null, others, records };
}

function formInput(body: Body, section: ResolvedSection): FormInput {
  const input: Record<string, string | readonly string[]> = {};
  for (const column of section.columns) {
    const value = body[column.key];
    if (typeof value === "string") input[column.key] = value;
    else if (Array.isArray(value))
      input[column.key] = value.filter((item): item is string => typeof item === "string");
  }
  return input;
}

function renderForm(
  c: PortalContext,
  session: Session,
  found: { section: ResolvedSection; record: OwnRecord | null },
  input: FormInput,
  errors: readonly FormError[],
  status: 200 | 422,
) {
  const { section, record } = found;
  return c.html(
    <FormPage
      csrf={session.csrfToken}
      title={record === null ? `新增：${section.title}` : `申请修改：${section.title}`}
      action={
        record === null
          ? `${PORTAL_PATH}/sections/${section.key}`
          : `${PORTAL_PATH}/records/${record.recordId}`
      }
      intro={
        record === null
          ? "填写后提交，内容会在学校下次同步时写入学校信息表，由校长审核。带 * 的为必填项。"
          : "修改已生效的信息需经审批：提交后写入学校信息表，校长审核、领导小组办公室审批前，原信息仍然有效。"
      }
      section={section.key}
      fields={formFields(section, shippedTemplates.codeTables)}
      input={input}
      errors={errors}
    />,
    status,
  );
}

function hiddenFree(values: Readonly<Record<string, unknown>>) {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => typeof value !== "object" || Array.isArray(value)),
  ) as Record<string, string | number | readonly string[]>;
}

async function openForm(c: PortalContext, kind: "section" | "record", id: string) {
  const session = c.get("session");
  const found = await target(c, session, kind, id);
  if (found === undefined) return notFound(c, session);
  if (found.record === null && found.section.cardinality === "one_per_person" && found.others > 0)
    return c.html(
      <MessagePage
        title={found.section.title}
        message={`「${found.section.title}」每人只有一条记录，请在「我的信息」中对已有记录申请修改。`}
        csrf={session.csrfToken}
      />,
      409,
    );
  const input =
    found.record?.effective == null
      ? {}
      : formInputOf(found.section, hiddenFree(found.record.effective));
  return renderForm(c, session, found, input, [], 200);
}

async function submitForm(c: PortalContext, kind: "section" | "record", id: string) {
  const session = c.get("session");
  const body = c.get("body");
  const found = await target(c, session, kind, id);
  if (found === undefined) return notFound(c, session);
  const { profile, section, record } = found;
  if (record === null && section.cardinality === "one_per_person" && found.others > 0)
    return notFound(c, session);
  const input = formInput(body, section);
  const idCrypto = await idCryptoFromEnv(c.env);
  const idNumber = await teacherIdNumber(c.env.DB, profile.personKey, idCrypto);
  const basicRecord =
    section.key === BASIC_SECTION
      ? undefined
      : found.records.find((own) => own.section === BASIC_SECTION && own.effective !== null);
  // The name as 基本信息 holds it in force (a corrected name), else as the number was issued to.
  const basicName = basicRecord?.effective?.[NAME_COLUMN];
  const fixed: Record<string, string> = { [ID_COLUMN]: idNumber };
  if (fixedColumns(section.key).has(NAME_COLUMN))
    fixed[NAME_COLUMN] = typeof basicName === "string" ? basicName : profile.name;
  const basicSection = dataSections(profile).find((candidate) => candidate.key === BASIC_SECTION);
  const checked = checkForm(
    section,
    input,
    fixed,
    {
      today: chinaDate(new Date()),
      codeTables: shippedTemplates.codeTables,
      schoolName: profile.schoolName,
    },
    basicRecord?.effective == null || basicSection === undefined
      ? undefined
      : {
          section: basicSection,
          values: { ...hiddenFree(basicRecord.effective), [ID_COLUMN]: idNumber },
        },
  );
  const { values } = checked;
  // The teacher's own ID may be quoted by a message; the page shows only its reference.
  const errors = checked.errors.map((error) => ({
    ...error,
    message: error.message.split(idNumber).join(profile.idMasked),
  }));
  if (errors.length > 0 || values === undefined)
    return renderForm(c, session, found, input, errors, 422);
  const now = new Date().toISOString();
  const queued = await queueWithin(
    c.env.DB,
    idCrypto,
    {
      teacherNumber: profile.teacherNumber,
      schoolCode: profile.schoolCode,
      section: section.key,
      recordId: record?.recordId ?? null,
      values,
    },
    now,
    {
      maxSince: MAX_PER_DAY,
      since: chinaDayStart(now),
      oneNewRow: section.cardinality === "one_per_person",
    },
  );
  if ("refused" in queued)
    return queued.refused === "new_row_waiting"
      ? c.html(
          <MessagePage
            title={section.title}
            message={`「${section.title}」每人只有一条记录，您已提交过一条，正在等待学校同步，之后由校长审核。如需改动，请在它生效后在「我的信息」中申请修改。`}
            csrf={session.csrfToken}
          />,
          409,
        )
      : c.html(
          <MessagePage
            title="提交过多"
            message={`您今天已提交 ${MAX_PER_DAY} 条，已达每天的上限，请明天再提交。如确需补充大量信息，请联系学校信息管理员。`}
            csrf={session.csrfToken}
          />,
          429,
        );
  return c.redirect(`${PORTAL_PATH}/me?done=submitted`, 303);
}

const WITHDRAW_REFUSALS: Readonly<Record<string, string>> = {
  sync_running:
    "学校正在同步，这次提交可能正在写入学校表格，现在不能撤回。请一两分钟后刷新「我的信息」查看状态。",
  written:
    "这次提交已写入学校表格，不能撤回了。如需改动，请联系学校信息管理员，或在它生效后申请修改。",
  superseded: "这次提交已被您之后的提交取代，无需撤回。",
  dropped: "这次提交未能写入学校表格，无需撤回。",
  withdrawn: "这次提交已经撤回了。",
};

portal.post("/submissions/:id/withdraw", async (c) => {
  const session = c.get("session");
  const outcome = await withdrawSubmission(
    c.env.DB,
    session.teacherNumber,
    c.req.param("id"),
    new Date().toISOString(),
  );
  if (outcome.kind === "withdrawn") return c.redirect(`${PORTAL_PATH}/me?done=withdrawn`, 303);
  if (outcome.kind === "not_found") return notFound(c, session);
  const why = outcome.kind === "closed" ? outcome.outcome : outcome.kind;
  return c.html(
    <MessagePage
      title="不能撤回"
      message={WITHDRAW_REFUSALS[why] ?? ""}
      csrf={session.csrfToken}
    />,
    409,
  );
});

portal.get("/sections/:section/new", (c) => openForm(c, "section", c.req.param("section")));
portal.post("/sections/:section", (c) => submitForm(c, "section", c.req.param("section")));
portal.get("/records/:recordId/edit", (c) => openForm(c, "record", c.req.param("recordId")));
portal.post("/records/:recordId", (c) => submitForm(c, "record", c.req.param("recordId")));

/**
 * The sign-in page is `/portal/` (a Hono sub-app's "/" is `/portal` only; `/portal` leads to it).
 * Anything else under /portal is a page too, not the API's JSON.
 */
portal.all("*", (c) => {
  if (c.req.method === "GET" && c.req.path === `${PORTAL_PATH}/`) return signInPage(c);
  if (c.req.method === "GET" && c.req.path === PORTAL_PATH)
    return c.redirect(`${PORTAL_PATH}/`, 301);
  return c.html(<MessagePage title="没有找到" message="没有找到这个页面。" />, 404);
});
