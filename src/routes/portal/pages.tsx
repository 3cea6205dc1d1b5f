/** @jsxImportSource hono/jsx */
/**
 * The portal's pages: server-rendered HTML, readable without JavaScript (there is none), laid
 * out for a phone first. Every input and button has a stable `data-testid` for the browser tests.
 */
import type { Child } from "hono/jsx";
import type { FormError, FormField, FormInput } from "../../core/portal/form";
import { PASSWORD_RULES } from "../../core/portal/password";
import { PORTAL_PATH } from "./session";

const SITE = "华容县教师信息自助系统";

function Layout(props: { title: string; csrf?: string; children: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${props.title} - ${SITE}`}</title>
        <link rel="stylesheet" href={`${PORTAL_PATH}/portal.css`} />
      </head>
      <body>
        <header class="top">
          <span class="brand">{SITE}</span>
          {props.csrf === undefined ? null : (
            <form method="post" action={`${PORTAL_PATH}/sign-out`}>
              <input type="hidden" name="_csrf" value={props.csrf} />
              <button type="submit" data-testid="sign-out">
                退出登录
              </button>
            </form>
          )}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

function Errors(props: { messages: readonly string[]; testid: string }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="error" role="alert" data-testid={props.testid}>
      {props.messages.length === 1 ? (
        props.messages[0]
      ) : (
        <ul class="plain">
          {props.messages.map((message) => (
            <li>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SignInPage(props: { csrf: string; error?: string; teacherNumber?: string }) {
  return (
    <Layout title="教师登录">
      <div class="card">
        <Errors messages={props.error === undefined ? [] : [props.error]} testid="sign-in-error" />
        <form method="post" action={`${PORTAL_PATH}/sign-in`} data-testid="sign-in-form">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <label for="teacher-number">教师编号</label>
          <input
            type="text"
            id="teacher-number"
            name="teacherNumber"
            inputmode="numeric"
            autocomplete="username"
            maxlength={12}
            required
            value={props.teacherNumber ?? ""}
            data-testid="sign-in-number"
          />
          <p class="hint">12 位数字，以 430623 开头，见学校发放的账号表</p>
          <label for="password">密码</label>
          <input
            type="password"
            id="password"
            name="password"
            autocomplete="current-password"
            maxlength={128}
            required
            data-testid="sign-in-password"
          />
          <p class="hint">首次登录请使用初始密码，登录后须设置自己的新密码</p>
          <button type="submit" data-testid="sign-in-submit">
            登录
          </button>
        </form>
      </div>
      <p class="hint">
        忘记密码请联系本校学校系统管理员，在账号表中重置。连续输错 5 次将暂停登录 15 分钟。
      </p>
    </Layout>
  );
}

export function PasswordPage(props: {
  csrf: string;
  forced: boolean;
  problems: readonly string[];
}) {
  return (
    <Layout title={props.forced ? "首次登录：设置新密码" : "修改密码"} csrf={props.csrf}>
      <div class="card">
        {props.forced ? (
          <p data-testid="password-forced">
            您正在使用学校发放的初始密码。请先设置自己的新密码，设置后初始密码作废，并从学校账号表中清除。
          </p>
        ) : null}
        <p>新密码要求：</p>
        <ul class="plain" data-testid="password-rules">
          {PASSWORD_RULES.map((rule) => (
            <li>{rule}</li>
          ))}
        </ul>
        <Errors messages={props.problems} testid="password-error" />
        <form method="post" action={`${PORTAL_PATH}/password`} data-testid="password-form">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <label for="current-password">{props.forced ? "初始密码" : "当前密码"}</label>
          <input
            type="password"
            id="current-password"
            name="currentPassword"
            autocomplete="current-password"
            maxlength={128}
            required
            data-testid="password-current"
          />
          <label for="new-password">新密码</label>
          <input
            type="password"
            id="new-password"
            name="newPassword"
            autocomplete="new-password"
            maxlength={128}
            required
            data-testid="password-new"
          />
          <label for="confirm-password">再次输入新密码</label>
          <input
            type="password"
            id="confirm-password"
            name="confirmPassword"
            autocomplete="new-password"
            maxlength={128}
            required
            data-testid="password-confirm"
          />
          <button type="submit" data-testid="password-submit">
            保存新密码
          </button>
        </form>
      </div>
    </Layout>
  );
}

export interface RecordView {
  readonly recordId: string;
  readonly state: string;
  readonly stateLabel: string;
  /** 已退回 reason, 变更 notes, 待完善 guidance: what the teacher should know about the row. */
  readonly notes: readonly string[];
  readonly values: ReadonlyArray<{ readonly label: string; readonly text: string }>;
  readonly editable: boolean;
}

export interface SectionView {
  readonly key: string;
  readonly title: string;
  readonly records: readonly RecordView[];
  /** A new row may be sent (repeating sections, or none yet). */
  readonly canAdd: boolean;
}

export interface SubmissionView {
  readonly id: string;
  readonly sectionTitle: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly status: string;
  /** The values as sent, labelled as the form labels them. */
  readonly values: ReadonlyArray<{ readonly label: string; readonly text: string }>;
  /** Still waiting for the school's sync: the teacher may take it back. */
  readonly withdrawable: boolean;
}

export interface CreditsView {
  readonly year: number;
  readonly yearCredits: number;
  readonly yearRequired: number;
  readonly cycleCredits: number;
  readonly cycleRequired: number;
  readonly pending: number;
  readonly returned: number;
  readonly status: string;
}

export interface RequestStepView {
  /** China time, minutes. */
  readonly at: string;
  readonly step: string;
  readonly party: string;
  readonly decision: string;
  readonly reason: string | null;
}

export interface RequestView {
  /** 申请编号. */
  readonly id: string;
  readonly kind: string;
  readonly state: string;
  readonly stateLabel: string;
  /** The schools, dates and details, labelled. */
  readonly facts: ReadonlyArray<{ readonly label: string; readonly text: string }>;
  readonly steps: readonly RequestStepView[];
}

export function MePage(props: {
  csrf: string;
  name: string;
  teacherNumber: string;
  idMasked: string;
  schoolName: string;
  notice?: string;
  credits: CreditsView | undefined;
  requests: readonly RequestView[];
  /** What the registry records of a teacher who has left (离职, 退休 …). */
  leftNotice: string | undefined;
  sections: readonly SectionView[];
  submissions: readonly SubmissionView[];
}) {
  return (
    <Layout title="我的信息" csrf={props.csrf}>
      {props.notice === undefined ? null : (
        <div class="notice" role="status" data-testid="notice">
          {props.notice}
        </div>
      )}
      <div class="card" data-testid="profile">
        <dl class="facts">
          <dt>姓名</dt>
          <dd data-testid="profile-name">{props.name}</dd>
          <dt>教师编号</dt>
          <dd data-testid="profile-number">{props.teacherNumber}</dd>
          <dt>证件号</dt>
          <dd data-testid="profile-id">{props.idMasked}</dd>
          <dt>学校</dt>
          <dd data-testid="profile-school">{props.schoolName}</dd>
        </dl>
        <div class="actions">
          <a
            class="button secondary"
            href={`${PORTAL_PATH}/password`}
            data-testid="change-password"
          >
            修改密码
          </a>
          <a class="button secondary" href={`${PORTAL_PATH}/archive`} data-testid="archive-link">
            我的电子档案（打印）
          </a>
        </div>
      </div>
      <div class="card" data-testid="credits">
        <h2>培训学分</h2>
        {props.credits === undefined ? (
          <p>基本信息生效后显示学分台账。</p>
        ) : (
          <dl class="facts">
            <dt>{`${props.credits.year} 年度`}</dt>
            <dd data-testid="credits-year">{`${props.credits.yearCredits} / 应修 ${props.credits.yearRequired}`}</dd>
            <dt>本周期累计</dt>
            <dd data-testid="credits-cycle">{`${props.credits.cycleCredits} / 应修 ${props.credits.cycleRequired}`}</dd>
            <dt>待教师进修学校确认</dt>
            <dd data-testid="credits-pending">{props.credits.pending}</dd>
            {props.credits.returned > 0 ? (
              <>
                <dt>已退回</dt>
                <dd data-testid="credits-returned">{`${props.credits.returned}（理由见学校表格「国内培训」该行）`}</dd>
              </>
            ) : null}
            <dt>状态</dt>
            <dd data-testid="credits-status">{props.credits.status}</dd>
          </dl>
        )}
      </div>
      <div class="card" data-testid="requests">
        <h2>我的业务申请</h2>
        {props.leftNotice === undefined ? null : (
          <div class="warn" data-testid="requests-left">
            {props.leftNotice}
          </div>
        )}
        <p class="hint">
          调动、在职情况变动、交流轮岗由学校在信息表中填报，经校长确认、人事股审核办理；这里只能查看。
        </p>
        {props.requests.length === 0 ? <p class="hint">暂无业务申请</p> : null}
        {props.requests.map((request) => (
          <div class="record" data-testid={`request-${request.id}`}>
            <span class={`state state-${request.state}`} data-testid="request-state">
              {request.stateLabel}
            </span>
            <strong data-testid="request-kind">{request.kind}</strong>
            <div class="hint">{`申请编号 ${request.id}`}</div>
            <table class="values">
              <tbody>
                {request.facts.map((fact) => (
                  <tr>
                    <th scope="row">{fact.label}</th>
                    <td>{fact.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="hint">办理过程</div>
            <ol class="steps" data-testid="request-steps">
              {request.steps.map((step) => (
                <li>
                  {`${step.at} ${step.step}：${step.party}${step.decision}`}
                  {step.reason === null ? null : <div class="hint">{`理由：${step.reason}`}</div>}
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
      {props.submissions.length === 0 ? null : (
        <div class="card" data-testid="submissions">
          <h2>我的提交</h2>
          {props.submissions.map((submission) => (
            <div class="record" data-testid={`submission-${submission.id}`}>
              <div>{`${submission.sectionTitle}（${submission.kind}）`}</div>
              <div class="hint" data-testid="submission-status">
                {`${submission.createdAt} 提交 · ${submission.status}`}
              </div>
              {submission.values.length === 0 ? null : (
                <table class="values" data-testid="submission-values">
                  <tbody>
                    {submission.values.map((value) => (
                      <tr>
                        <th scope="row">{value.label}</th>
                        <td>{value.text}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {submission.withdrawable ? (
                <form method="post" action={`${PORTAL_PATH}/submissions/${submission.id}/withdraw`}>
                  <input type="hidden" name="_csrf" value={props.csrf} />
                  <button type="submit" class="button secondary" data-testid="submission-withdraw">
                    撤回这次提交
                  </button>
                </form>
              ) : null}
            </div>
          ))}
        </div>
      )}
      {props.sections.map((section) => (
        <div class="card" id={`section-${section.key}`} data-testid={`section-${section.key}`}>
          <h2>{section.title}</h2>
          {section.records.length === 0 ? <p class="hint">暂无记录</p> : null}
          {section.records.map((record) => (
            <div class="record" data-testid={`record-${record.recordId}`}>
              <span class={`state state-${record.state}`} data-testid="record-state">
                {record.stateLabel}
              </span>
              <span class="hint">{`记录编号 ${record.recordId}`}</span>
              {record.notes.map((note) => (
                <div class="warn" data-testid="record-note">
                  {note}
                </div>
              ))}
              {record.values.length === 0 ? null : (
                <table class="values">
                  <tbody>
                    {record.values.map((value) => (
                      <tr>
                        <th scope="row">{value.label}</th>
                        <td>{value.text}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {record.editable ? (
                <div class="actions">
                  <a
                    class="button secondary"
                    href={`${PORTAL_PATH}/records/${record.recordId}/edit`}
                    data-testid="record-edit"
                  >
                    申请修改
                  </a>
                </div>
              ) : null}
            </div>
          ))}
          {section.canAdd ? (
            <div class="actions">
              <a
                class="button secondary"
                href={`${PORTAL_PATH}/sections/${section.key}/new`}
                data-testid={`section-new-${section.key}`}
              >
                新增一条
              </a>
            </div>
          ) : null}
        </div>
      ))}
    </Layout>
  );
}

export function FormPage(props: {
  csrf: string;
  title: string;
  action: string;
  /** The section's key: the stylesheet's conditional marks are per section. */
  section: string;
  intro: string;
  fields: readonly FormField[];
  input: FormInput;
  errors: readonly FormError[];
}) {
  const beside = (key: string) =>
    props.errors.filter((error) => error.field === key).map((error) => error.message);
  const onFields = props.errors.filter((error) => error.field !== null).length;
  const general = props.errors.filter((error) => error.field === null).map((e) => e.message);
  // The first field to fix in the form's order, not the checks' order: focus lands top-down.
  const first = props.fields.find((field) => beside(field.key).length > 0)?.key;
  return (
    <Layout title={props.title} csrf={props.csrf}>
      <div class="card">
        <p>{props.intro}</p>
        <Errors
          messages={[
            ...(onFields > 0 ? [`有 ${onFields} 处需要修改，见各栏下方的红字`] : []),
            ...general,
          ]}
          testid="form-errors"
        />
        <form
          method="post"
          action={props.action}
          data-section={props.section}
          data-testid="section-form"
        >
          <input type="hidden" name="_csrf" value={props.csrf} />
          {props.fields.map((field) => (
            <Field
              field={field}
              value={props.input[field.key]}
              messages={beside(field.key)}
              focus={field.key === first}
            />
          ))}
          <button type="submit" data-testid="form-submit">
            提交给学校审核
          </button>
        </form>
        <a class="button secondary" href={`${PORTAL_PATH}/me`} data-testid="form-cancel">
          返回我的信息
        </a>
      </div>
    </Layout>
  );
}

function Marks(props: { field: FormField }) {
  if (props.field.required) return <span class="req">*</span>;
  return props.field.requiredWhen === undefined ? null : <span class="req req-when">*</span>;
}

function Label(props: { field: FormField; for?: string }) {
  return (
    <label for={props.for}>
      {props.field.label}
      <Marks field={props.field} />
    </label>
  );
}

/** The field's own messages, without the column name the sheet's 校验结果 starts them with. */
function FieldErrors(props: { field: FormField; messages: readonly string[] }) {
  const prefix = `${props.field.label}：`;
  return props.messages.length === 0 ? null : (
    <div class="field-error" role="alert" data-testid={`field-error-${props.field.key}`}>
      {props.messages.map((message) => (
        <div>{message.startsWith(prefix) ? message.slice(prefix.length) : message}</div>
      ))}
    </div>
  );
}

function Hints(props: { field: FormField }) {
  const { field } = props;
  return (
    <>
      {field.requiredWhen === undefined ? null : (
        <p class="hint">{`当${field.requiredWhen}时必填`}</p>
      )}
      {field.note === "" ? null : <p class="hint">{field.note}</p>}
    </>
  );
}

function Field(props: {
  field: FormField;
  value: string | readonly string[] | undefined;
  messages: readonly string[];
  focus: boolean;
}) {
  const { field } = props;
  const id = `field-${field.key}`;
  const text = typeof props.value === "string" ? props.value : "";
  const invalid = props.messages.length > 0 ? "true" : undefined;
  const errors = <FieldErrors field={field} messages={props.messages} />;
  if (field.input === "checkboxes") {
    const chosen = new Set(typeof props.value === "string" ? [props.value] : (props.value ?? []));
    return (
      <fieldset id={id} data-testid={id} data-field={field.key} aria-invalid={invalid}>
        <legend>
          {field.label}
          <Marks field={field} />
        </legend>
        {field.options.map((option, index) => (
          <label>
            <input
              type="checkbox"
              name={field.key}
              value={option.value}
              checked={chosen.has(option.value)}
              autofocus={props.focus && index === 0}
            />
            {option.label}
          </label>
        ))}
        {errors}
        <Hints field={field} />
      </fieldset>
    );
  }
  if (field.input === "select")
    return (
      <div data-field={field.key}>
        <Label field={field} for={id} />
        <select
          id={id}
          name={field.key}
          data-testid={id}
          aria-invalid={invalid}
          autofocus={props.focus}
        >
          <option value="">请选择</option>
          {field.options.map((option) => (
            <option value={option.value} selected={option.value === text}>
              {option.label}
            </option>
          ))}
        </select>
        {errors}
        <Hints field={field} />
      </div>
    );
  return (
    <div data-field={field.key}>
      <Label field={field} for={id} />
      <input
        type="text"
        id={id}
        name={field.key}
        value={text}
        // A placeholder on every text field: the stylesheet's :placeholder-shown tells empty
        // from filled for conditional marks.
        placeholder={field.placeholder === "" ? " " : field.placeholder}
        inputmode={field.input === "number" ? "decimal" : undefined}
        maxlength={500}
        data-testid={id}
        aria-invalid={invalid}
        autofocus={props.focus}
      />
      {errors}
      <Hints field={field} />
    </div>
  );
}

export function MessagePage(props: { title: string; message: string; csrf?: string }) {
  return (
    <Layout title={props.title} {...(props.csrf === undefined ? {} : { csrf: props.csrf })}>
      <div class="card">
        <p data-testid="message">{props.message}</p>
        <a class="button secondary" href={`${PORTAL_PATH}/`}>
          返回
        </a>
      </div>
    </Layout>
  );
}
