// Validates a Teams app manifest against the schema of its own manifestVersion, as bundled offline in
// @microsoft/app-manifest. Usage: node validate.mjs MANIFEST.json. Exit 0 valid, 1 invalid, 2 bad usage.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const manifestPath = process.argv[2];
if (!manifestPath) {
  console.error('usage: node validate.mjs MANIFEST.json');
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const packageRoot = dirname(require.resolve('@microsoft/app-manifest/package.json'));
const schemaPath = join(packageRoot, 'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json');
if (!existsSync(schemaPath)) {
  console.error(`no bundled schema for manifestVersion ${manifest.manifestVersion}`);
  process.exit(2);
}

const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
if (validate(manifest)) {
  console.log(`valid against ${schemaPath.slice(packageRoot.length + 1)}`);
  process.exit(0);
}

console.log(JSON.stringify(validate.errors, null, 2));
process.exit(1);
