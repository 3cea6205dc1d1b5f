import { type drive_v3, google, type sheets_v4 } from "googleapis";

/**
 * googleapis clients acting as one person against the emulator. The emulator's development route
 * hands out a token for any e-mail, which is how the demo and tests play every role.
 */
export interface GoogleClients {
  email: string;
  sheets: sheets_v4.Sheets;
  drive: drive_v3.Drive;
}

export async function tokenFor(emulatorUrl: string, email: string): Promise<string> {
  const res = await fetch(`${emulatorUrl}/__emulator/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  if (!res.ok) throw new Error(`模拟器拒绝为 ${email} 签发令牌：HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function clientsFor(emulatorUrl: string, email: string): Promise<GoogleClients> {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: await tokenFor(emulatorUrl, email) });
  const rootUrl = `${emulatorUrl}/`;
  return {
    email,
    sheets: google.sheets({ version: "v4", auth, rootUrl }),
    drive: google.drive({ version: "v3", auth, rootUrl }),
  };
}
