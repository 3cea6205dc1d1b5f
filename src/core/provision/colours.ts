/**
 * Colours as Sheets v4 takes them (0–1 per channel), written as the hex of Google's own palette
 * so that they are the colours people pick in the toolbar. Compared by their 8-bit value: Sheets
 * keeps colours as floats and omits a channel that is 0 when it reads them back.
 */

export interface Rgb {
  readonly red: number;
  readonly green: number;
  readonly blue: number;
}

/** `#cc0000` → { red: 0.8, green: 0, blue: 0 }. */
export function rgb(hex: string): Rgb {
  const channel = (at: number) => Number.parseInt(hex.slice(at, at + 2), 16) / 255;
  return { red: channel(1), green: channel(3), blue: channel(5) };
}

/** A colour as read back (channels may be missing), or undefined when none is set. */
export interface ReadColour {
  readonly red?: number | null;
  readonly green?: number | null;
  readonly blue?: number | null;
}

/** Same colour to the eye: equal 8-bit channels, a missing channel being 0. */
export function sameColour(a: ReadColour | undefined, b: ReadColour | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const byte = (value: number | null | undefined) => Math.round((value ?? 0) * 255);
  return (
    byte(a.red) === byte(b.red) && byte(a.green) === byte(b.green) && byte(a.blue) === byte(b.blue)
  );
}
