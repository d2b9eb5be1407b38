// Test helper: QTI 2.1 items → QTI 3.0 with Cito's converter (@citolab/qti-convert, npm devDependency).
// Usage: node qti_convert.mjs IN_DIR OUT_DIR — converts every IN_DIR/*.xml to OUT_DIR/*.xml.
import fs from "node:fs";
import path from "node:path";
import { convertQti2toQti3 } from "@citolab/qti-convert/qti-convert-node";

const [inDir, outDir] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
for (const name of fs.readdirSync(inDir).filter((n) => n.endsWith(".xml"))) {
  const qti3 = await convertQti2toQti3(fs.readFileSync(path.join(inDir, name), "utf8"));
  fs.writeFileSync(path.join(outDir, name), qti3);
}
