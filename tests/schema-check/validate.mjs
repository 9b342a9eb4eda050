// Usage: node validate.mjs <schema folder> <messages.jsonl>
// Each line is one message; its "schema" field names the schema file. Prints every failure; exits 1 if any.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaFolder, messagesFile] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validators = {};
for (const file of readdirSync(schemaFolder).filter((f) => f.endsWith(".schema.json"))) {
  validators[file.replace(".schema.json", "")] = ajv.compile(JSON.parse(readFileSync(join(schemaFolder, file), "utf8")));
}

let failures = 0;
let checked = 0;
readFileSync(messagesFile, "utf8").split("\n").filter((l) => l.length > 0).forEach((line, i) => {
  const message = JSON.parse(line);
  const validate = validators[message.schema];
  checked++;
  if (!validate) {
    failures++;
    console.log(`line ${i + 1}: no schema named '${message.schema}'`);
  } else if (!validate(message)) {
    failures++;
    console.log(`line ${i + 1}: ${ajv.errorsText(validate.errors)}`);
  }
});
console.log(`${checked} messages checked, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);
