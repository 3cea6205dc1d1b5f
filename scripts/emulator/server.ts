import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ServiceAccounts } from "./auth/service-accounts";
import { TokenIssuer } from "./auth/tokens";
import type { EmulatorContext } from "./context";
import { dispatch } from "./dispatch";
import { changeRoutes } from "./drive/changes";
import { fileRoutes } from "./drive/files";
import { permissionRoutes } from "./drive/permissions";
import { ApiError } from "./errors";
import { Faults } from "./faults";
import type { Reply } from "./http/router";
import { type QuotaPatch, Quotas } from "./quotas";
import { sheetsRoutes } from "./sheets/routes";
import { Stats } from "./stats";
import { DataDir } from "./store/data-dir";
import { Store } from "./store/store";
import type { Page } from "./ui/html";
import { isUiPath, uiRequest } from "./ui/routes";

/**
 * A local Google Sheets v4 + Drive v3 + OAuth server, for tests and for running the whole system
 * without a Google account. See README.md beside this file for routes and semantics.
 */
export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. Example: 8790. */
  port?: number;
  /** Interface to listen on. Default "127.0.0.1": the emulator has no real security. */
  host?: string;
  /**
   * Directory the state lives in, created if missing and loaded back on start; every mutation
   * is on disk before it is answered. Default: none, state lives in memory only.
   */
  dataDir?: string;
  /** Source of "now" for modifiedTime, change times, token expiry and quota windows. */
  clock?: () => Date;
  /** Quota limits to start with, merged over the defaults (60/300 per minute for Sheets). */
  quotas?: QuotaPatch;
}

export interface RunningEmulator {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:8790". */
  url: string;
  port: number;
  /** The OAuth token endpoint, `${url}/token`. */
  tokenUrl: string;
  /** Stops listening and drops open connections; state is already on disk. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? (() => new Date());
  const dir = options.dataDir ? new DataDir(options.dataDir) : undefined;
  const store = new Store(dir, clock);
  const quotaPatch = options.quotas ?? {};
  const quotas = new Quotas(quotaPatch, clock);
  let baseUrl = "";
  const ctx: EmulatorContext = {
    store,
    tokens: new TokenIssuer(dir, clock),
    accounts: new ServiceAccounts(dir, clock),
    quotas,
    faults: new Faults(),
    stats: new Stats(),
    routes: [
      ...sheetsRoutes(store),
      ...fileRoutes(store, () => baseUrl),
      ...permissionRoutes(store),
      ...changeRoutes(store, () => baseUrl),
    ],
    url: () => baseUrl,
    restoreQuotas: () => quotas.replace(quotaPatch),
  };

  const server = createServer((req, res) => {
    handle(ctx, req, res).catch((error: unknown) => {
      console.error("[emulator] failed to answer a request:", error);
      res.destroy();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    port,
    tokenUrl: `${baseUrl}/token`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  let reply: Reply;
  const body = await readBody(req);
  if (body === undefined) {
    const tooLarge = new ApiError(
      "INVALID_ARGUMENT",
      `Request body larger than ${MAX_BODY_BYTES} bytes`,
    );
    reply = { status: 413, body: tooLarge.toBody() };
  } else {
    const request = { method: req.method ?? "GET", url, headers: req.headers, body };
    if (isUiPath(url.pathname)) {
      sendPage(res, await uiRequest(ctx, request));
      return;
    }
    reply = await dispatch(ctx, request);
  }
  send(res, reply, url.searchParams.get("prettyPrint") !== "false");
}

/**
 * The whole body, or undefined when it passes the size limit. An oversized body is still read to
 * its end (and dropped) so the client receives the 413 instead of a reset connection.
 */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

/** A page of the local sheet view (ui/): HTML, its script and style, or its JSON answers. */
function sendPage(res: ServerResponse, page: Page): void {
  res
    .writeHead(page.status, {
      ...page.headers,
      connection: "close",
      "content-length": Buffer.byteLength(page.body),
    })
    .end(page.body);
}

function send(res: ServerResponse, reply: Reply, pretty: boolean): void {
  // No keep-alive: an emulator is restarted often, and a client reusing a pooled socket of the
  // previous process would see a reset instead of an answer.
  const headers = { ...reply.headers, connection: "close" };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body, null, pretty ? 2 : undefined);
  res
    .writeHead(reply.status, {
      ...headers,
      "content-type": "application/json; charset=UTF-8",
      "content-length": Buffer.byteLength(text),
    })
    .end(text);
}
