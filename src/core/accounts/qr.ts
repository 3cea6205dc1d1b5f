/**
 * A QR code as inline SVG, drawn here from the module matrix of `qr` (pure JavaScript, runs in
 * workerd): one path of dark modules, row runs merged, so a slip page of a few dozen codes stays
 * small and prints crisp. Medium error correction survives a crease or a smudge on paper.
 */
import encodeQR from "qr";

/** Quiet zone, in modules, around the code (the standard asks for 4). */
const BORDER = 4;

export function qrSvg(text: string, label: string): string {
  const matrix = encodeQR(text, "raw", { ecc: "medium", border: BORDER });
  const size = matrix.length;
  const runs: string[] = [];
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x += 1;
      runs.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escapeAttribute(label)}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${runs.join("")}"/></svg>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
