import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flowDocs } from '../lib/connect/flows/docs.ts';

// Writes docs/flows/ from the project's flows: `npm run docs:flows`.
const dir = fileURLToPath(new URL('../docs/flows/', import.meta.url));
for (const [file, text] of flowDocs()) {
  writeFileSync(`${dir}${file}`, text);
  console.log(`docs/flows/${file}`);
}
