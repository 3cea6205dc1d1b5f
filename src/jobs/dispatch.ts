import { idCryptoFromEnv } from "../adapters/crypto/index";
import { googleFromEnv } from "../adapters/google/index";
import { shippedTemplates } from "../core/templates/bundle";
import type { Env } from "../env";
import type { SyncMessage } from "./messages";
import { type SyncOutcome, syncSpreadsheet } from "./sync";
import { type SchoolSyncOutcome, syncSchoolSheet } from "./sync-school";

/** Record ids and change-request ids: 10 base32 characters, 50 random bits. */
export function randomId(): string {
  const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Routes one sync message: a school's sheet runs the review chain; the county recheck sheet is,
 * for now, only read and recorded (its decisions are not applied yet).
 */
export async function handleSyncMessage(
  env: Env,
  message: SyncMessage,
  now: Date,
): Promise<SchoolSyncOutcome | SyncOutcome> {
  const google = googleFromEnv(env);
  if (message.kind === "recheck") return syncSpreadsheet(env.DB, google, message, now);
  const crypto = await idCryptoFromEnv(env);
  return syncSchoolSheet(
    { db: env.DB, google, crypto, templates: shippedTemplates, now, newId: randomId },
    message,
  );
}
