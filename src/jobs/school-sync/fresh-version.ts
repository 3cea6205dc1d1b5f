/**
 * The Drive version a sync is about to read. The poll's listing names one, and right after the
 * poll it is what the read sees. Under a backlog the message waits in the queue while the school
 * keeps typing: the read then sees later edits, and recording the listing's version made the
 * worker's own write-back (one revision past what it read) look like an edit to the next poll —
 * a sync that found nothing new and wrote nothing — and let a second message of the same edits,
 * sent by the next tick, sync again. So a message older than FRESH_MS asks Drive (one
 * files.get, not a Sheets request) for the version before reading: recorded as synced, with our
 * write one past it, neither repeats.
 */
import { getFileVersion } from "../../adapters/google/drive";
import type { SchoolMessage, SyncDeps } from "./context";

/** A listing younger than this is trusted as the version the read will see. */
export const FRESH_MS = 30_000;

export async function withFreshVersion(
  deps: SyncDeps,
  message: SchoolMessage,
): Promise<SchoolMessage> {
  if (message.listedAt === undefined) return message;
  const age = deps.now.getTime() - Date.parse(message.listedAt);
  if (!(age > FRESH_MS)) return message;
  const { google } = deps;
  const version = await getFileVersion(google.client, google.driveBaseUrl, message.spreadsheetId);
  return {
    ...message,
    version: Math.max(message.version, version),
    listedAt: deps.now.toISOString(),
  };
}
