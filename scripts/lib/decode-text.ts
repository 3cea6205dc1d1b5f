/**
 * Bytes of a text file a person saved → text. Excel and WPS in China save CSV either as UTF-8
 * (with a BOM, "CSV UTF-8") or, by default, in the system code page GBK; bytes that are not valid
 * UTF-8 are therefore read as GBK. Every CSV or JSON a command reads goes through here, so each
 * accepts the same encodings and says the same thing when it cannot.
 */
export type Encoding = "UTF-8" | "GBK";

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: Encoding }
  | { readonly ok: false; readonly problem: string };

export function decodeText(bytes: Uint8Array): Decoded {
  // The decoder drops a leading BOM itself.
  const utf8 = strictDecode(bytes, "utf-8");
  if (utf8 !== undefined) return { ok: true, text: utf8, encoding: "UTF-8" };
  if (!supports("gbk"))
    // A Node built with small-icu knows no GBK; say what to do instead of printing mojibake.
    return {
      ok: false,
      problem:
        "文件不是 UTF-8 编码，而当前 Node 不支持 GBK 解码（需要完整 ICU）：请在 Excel 或 WPS 中另存为“CSV UTF-8”后重试",
    };
  const gbk = strictDecode(bytes, "gbk");
  if (gbk !== undefined) return { ok: true, text: gbk, encoding: "GBK" };
  return {
    ok: false,
    problem:
      "无法识别文件编码（既不是 UTF-8 也不是 GBK）：请在 Excel 或 WPS 中另存为“CSV UTF-8”后重试",
  };
}

function strictDecode(bytes: Uint8Array, label: string): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function supports(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
