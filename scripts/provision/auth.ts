/**
 * Sign-in, kept apart so that everything else takes ready clients. Three ways:
 *
 * - emulator: the local emulator hands a token for any e-mail (`POST /__emulator/token`), so the
 *   county administrator is played without a Google account;
 * - oauth: the administrator signs in in the browser with @google-cloud/local-auth, using an
 *   OAuth client of type "Desktop app" (its JSON file);
 * - serviceAccount: a service-account key file; the service account then owns what it creates.
 *
 * Drive keeps `appProperties` private to the Google Cloud project whose credentials set them, so
 * on Google the OAuth client and the worker's service account must belong to the same project.
 */
import { readFile } from "node:fs/promises";
import { authenticate } from "@google-cloud/local-auth";
import { type drive_v3, google, type sheets_v4 } from "googleapis";
import { connectProblem } from "../lib/file-problem";

export const SCOPES = [
  "https://www.googleapis.com/auth/spreadsheets",
  "https://www.googleapis.com/auth/drive",
];

export type SignIn =
  | { readonly kind: "emulator"; readonly endpoint: string; readonly email: string }
  | { readonly kind: "oauth"; readonly clientSecretsFile: string }
  | { readonly kind: "serviceAccount"; readonly keyFile: string };

export interface GoogleClients {
  readonly sheets: sheets_v4.Sheets;
  readonly drive: drive_v3.Drive;
}

type Auth = sheets_v4.Options["auth"];

export async function signIn(how: SignIn): Promise<GoogleClients> {
  switch (how.kind) {
    case "emulator": {
      const auth = new google.auth.OAuth2();
      auth.setCredentials({ access_token: await emulatorToken(how.endpoint, how.email) });
      return clients(auth, `${how.endpoint}/`);
    }
    case "oauth": {
      const signedIn = await authenticate({ keyfilePath: how.clientSecretsFile, scopes: SCOPES });
      // local-auth ships its own copy of google-auth-library; the client is the same class.
      return clients(signedIn as unknown as Auth);
    }
    case "serviceAccount":
      return clients(new google.auth.GoogleAuth({ keyFile: how.keyFile, scopes: SCOPES }));
  }
}

/** googleapis retries only some methods; ours are all retried by `withRetry` instead. */
function clients(auth: Auth, rootUrl?: string): GoogleClients {
  const common = { auth, retry: false, ...(rootUrl === undefined ? {} : { rootUrl }) };
  return {
    sheets: google.sheets({ version: "v4", ...common }),
    drive: google.drive({ version: "v3", ...common }),
  };
}

async function emulatorToken(endpoint: string, email: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${endpoint}/__emulator/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
  } catch (error) {
    throw new SignInError(
      `连不上模拟器 ${endpoint}：${connectProblem(error)}。请先运行 npm start 或 npm run emulator，或检查 --endpoint`,
    );
  }
  if (!res.ok) throw new SignInError(`模拟器拒绝为 ${email} 签发令牌：HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The e-mail address in a service-account key file, checked enough to give a clear message. */
export async function serviceAccountEmail(keyFile: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(keyFile, "utf8");
  } catch {
    throw new SignInError(`读不到服务账号密钥文件 ${keyFile}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SignInError(`服务账号密钥文件 ${keyFile} 不是 JSON`);
  }
  const email = (parsed as { client_email?: unknown }).client_email;
  if (typeof email !== "string" || !email.includes("@"))
    throw new SignInError(`服务账号密钥文件 ${keyFile} 缺少 client_email`);
  return email;
}

export class SignInError extends Error {
  override readonly name = "SignInError";
}
