import type { Env } from "../../env";
import { createGoogleClient, type GoogleClient } from "./client";
import { parseServiceAccountKey } from "./service-account";

export interface Google {
  client: GoogleClient;
  sheetsBaseUrl: string;
  driveBaseUrl: string;
}

export function googleFromEnv(env: Env): Google {
  const key = parseServiceAccountKey(env.GOOGLE_SERVICE_ACCOUNT_KEY);
  return {
    client: createGoogleClient({ key, tokenUrl: env.OAUTH_TOKEN_URL }),
    sheetsBaseUrl: env.SHEETS_BASE_URL,
    driveBaseUrl: env.DRIVE_BASE_URL,
  };
}
