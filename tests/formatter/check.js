'use strict';
// Runs tools/formatter/smile-v1-formatter.js the way the network servers do: the file alone in a fresh context, no
// require, no modules. Commands:
//   node check.js es5        parse as ECMAScript 5.1 (The Things Stack's engine) and check the 40 KB script limit
//   node check.js vectors    every vector of tests/vectors/frames.json through decodeUplink, as TTS and ChirpStack call it
//   node check.js decode     hex frames on stdin, one per line -> the decoded JSON, one per line (for the C# comparison)
//   node check.js readings   the formatter's field table against tests/vectors/readings.json, the gateway's table of
//                            reading names (written by ReadingVocabularyTests), and its normalized payload against both
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const assert = require('assert');
const acorn = require('acorn');

const root = path.resolve(__dirname, '..', '..');
const file = path.join(root, 'tools', 'formatter', 'smile-v1-formatter.js');
const source = fs.readFileSync(file, 'utf8');

function load() {
  const context = vm.createContext({});
  vm.runInContext(source, context, { filename: file });
  return context;
}

function bytesOf(hex) {
  const bytes = [];
  for (let i = 0; i < hex.length; i += 2) {
    bytes.push(parseInt(hex.substr(i, 2), 16));
  }
  return bytes;
}

function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

// Warnings compare by code and byte: the vectors do not fix the message text.
function withoutMessages(value) {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'message' ? undefined : v)));
}

function es5() {
  const size = Buffer.byteLength(source, 'utf8');
  assert.ok(size <= 40960, `the script is ${size} bytes; The Things Stack takes at most 40960`);
  try {
    acorn.parse(source, { ecmaVersion: 5, sourceType: 'script' });
  } catch (e) {
    console.error(`not ES5.1: ${e.message}`);
    process.exit(1);
  }
  console.log(`es5: ok, ${size} bytes`);
}

function vectors() {
  const all = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'vectors', 'frames.json'), 'utf8'));
  const formatter = load();
  let valid = 0;
  let invalid = 0;
  for (const vector of all) {
    // Through JSON: objects made in the formatter's context have that context's prototypes.
    const tts = plain(formatter.decodeUplink({ bytes: bytesOf(vector.hex), fPort: 1, recvTime: new Date() }));
    const chirpstack = plain(formatter.decodeUplink({ bytes: bytesOf(vector.hex), fPort: 1, recvTime: new Date(), variables: {} }));
    assert.deepStrictEqual(withoutMessages(tts), withoutMessages(chirpstack), vector.name);
    assert.strictEqual(typeof tts.data, 'object', `${vector.name}: ChirpStack needs an object in data`);
    if (vector.error) {
      assert.strictEqual(tts.errors.length, 1, `${vector.name}: one error`);
      assert.ok(tts.errors[0].startsWith(`${vector.error.code} at byte ${vector.error.byte}: `), `${vector.name}: ${tts.errors[0]}`);
      assert.deepStrictEqual(Object.keys(tts.data), [], `${vector.name}: no data from an invalid frame`);
      invalid++;
    } else {
      assert.deepStrictEqual(tts.errors, [], `${vector.name}: ${tts.errors}`);
      assert.deepStrictEqual(withoutMessages(tts.data), vector.decoded, vector.name);
      assert.strictEqual(tts.warnings.length, vector.decoded.warnings.length, vector.name);
      valid++;
    }
  }

  const normalized = plain(formatter.normalizeUplink({ data: formatter.decodeUplink({ bytes: bytesOf(all[0].hex) }).data }));
  assert.deepStrictEqual(withoutMessages(normalized.data[0]), {
    air: { temperature: 21.37, relativeHumidity: 45.5, pressure: 1013.2 },
    action: { motion: { detected: true, count: 3 } },
    battery: 3.71,
  });
  console.log(`vectors: ${valid} valid and ${invalid} invalid vectors decoded as specified`);
}

// The field table holds the names in the formatter; the normalized payload of the all_fields vector must then carry
// each field at the table's path, unchanged (The Things Stack's schema fixes the codec's units), and nothing else.
function readings() {
  const table = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'vectors', 'readings.json'), 'utf8'));
  const formatter = load();
  const fields = plain(formatter.SMILE_FIELDS);
  assert.deepStrictEqual(fields.map((f) => f[0]), table.map((r) => r.codec), 'codec names of SMILE_FIELDS');
  assert.deepStrictEqual(fields.map((f) => f[8]), table.map((r) => r.tts_normalized), "The Things Stack's normalized paths of SMILE_FIELDS");

  const vector = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'vectors', 'frames.json'), 'utf8')).find((v) => v.name === 'all_fields');
  const sample = vector.decoded.samples[0];
  const expected = {};
  for (const row of table.filter((r) => r.tts_normalized !== null)) {
    const keys = row.tts_normalized.split('.');
    let at = expected;
    keys.slice(0, -1).forEach((key) => { at = at[key] = at[key] || {}; });
    at[keys[keys.length - 1]] = sample[row.codec];
  }
  const normalized = plain(formatter.normalizeUplink({ data: plain(formatter.decodeUplink({ bytes: bytesOf(vector.hex) }).data) }));
  assert.deepStrictEqual(normalized.data, [expected]);
  console.log(`readings: ${table.length} fields named as tests/vectors/readings.json names them`);
}

function decode() {
  const formatter = load();
  // One line per frame, an empty line for an empty frame; the input ends with a newline.
  const lines = fs.readFileSync(0, 'utf8').split('\n');
  lines.pop();
  const out = lines.map((hex) => JSON.stringify(formatter.smileDecodeFrame(bytesOf(hex.trim()))));
  fs.writeSync(1, out.join('\n') + '\n');
}

const command = process.argv[2];
if (command === 'es5') {
  es5();
} else if (command === 'vectors') {
  vectors();
} else if (command === 'decode') {
  decode();
} else if (command === 'readings') {
  readings();
} else {
  console.error('usage: node check.js es5|vectors|decode|readings');
  process.exit(2);
}
