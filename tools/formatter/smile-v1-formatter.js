// Smile frame format v1 (docs/frame-format-v1.md): payload formatter for The Things Stack (ES5.1) and ChirpStack v4.
// Paste this whole file as the device's uplink formatter/codec. It decodes every frame to the JSON form of §9, the
// codec's names and units (temperature_c, humidity_pct, …), and returns {data, warnings, errors}: an invalid frame gives
// one error "code at byte N: message" and no data fields, so no network server stores a misread value.
// ES5 only (The Things Stack runs ECMAScript 5.1): var, function, no arrow functions, no let/const, no templates.

// The one table of the fields. Names and paths must match tests/vectors/readings.json, the gateway's table of reading
// names (gateway/Smile.Gateway/Sinks/Readings.cs); tests/formatter/check.js fails when they differ.
var SMILE_FIELDS = [
  // codec name, bits, largest code, coding (0 level, 1 count, 2 flag), Exp-Golomb order, step, offset, denominator,
  // path in The Things Stack's normalized payload (whose schema fixes the codec's units: °C, %, hPa, V) or null
  ['temperature_c', 14, 16383, 0, 3, 1, -4000, 100, 'air.temperature'],
  ['humidity_pct', 8, 200, 0, 1, 1, 0, 2, 'air.relativeHumidity'],
  ['pressure_hpa', 12, 4095, 0, 1, 1, 7000, 10, 'air.pressure'],
  ['presence', 1, 1, 2, 0, 1, 0, 1, 'action.motion.detected'],
  ['motion_count', 8, 255, 1, 0, 1, 0, 1, 'action.motion.count'],
  ['battery_v', 8, 255, 0, 0, 1, 200, 100, 'battery'],
  ['gas_resistance_ohm', 10, 1023, 0, 2, 0, 0, 1, null],
  ['co2_ppm', 11, 2047, 0, 2, 5, 0, 1, null],
  ['pm2_5_ugm3', 10, 1023, 0, 1, 1, 0, 1, null],
  ['pm10_ugm3', 10, 1023, 0, 1, 1, 0, 1, null]
];
var SMILE_STANDARD_SET = 63; // fields 0 to 5
var SMILE_MAX_CODE = 2147483647;
var SMILE_RESET_REASONS = ['unknown', 'power_on', 'external_pin', 'software', 'exception', 'watchdog', 'brownout',
  'deep_sleep_wake', 'firmware_update'];
var SMILE_RADAR_STATES = ['none', 'moving', 'stationary', 'moving_and_stationary'];

function SmileFrameError(code, bit, message) {
  this.code = code;
  this.byteOffset = Math.floor(bit / 8);
  this.message = message;
}

function smileReader(bytes) {
  var r = { bytes: bytes, pos: 0, end: bytes.length * 8 };
  r.bits = function (count, what) {
    if (count > r.end - r.pos) {
      throw new SmileFrameError('truncated', r.pos, 'frame ends inside ' + what);
    }
    var value = 0;
    for (var i = 0; i < count; i++) {
      value = value * 2 + ((r.bytes[r.pos >> 3] >> (7 - (r.pos & 7))) & 1);
      r.pos++;
    }
    return value;
  };
  r.ue = function (k, what) {
    var start = r.pos;
    var zeros = 0;
    for (;;) {
      if (r.pos >= r.end) {
        throw new SmileFrameError('truncated', start, 'frame ends inside ' + what);
      }
      if (r.bits(1, what) !== 0) {
        break;
      }
      zeros++;
      if (zeros > 31) {
        throw new SmileFrameError('malformed_code', start, what + ' has an Exp-Golomb prefix longer than 31 zero bits');
      }
    }
    var rest = zeros + k;
    var w = 1;
    if (rest > 32) {
      w = w * Math.pow(2, rest - 32) + r.bits(rest - 32, what);
      rest = 32;
    }
    w = w * Math.pow(2, rest) + r.bits(rest, what);
    var value = w - Math.pow(2, k);
    if (value > SMILE_MAX_CODE) {
      throw new SmileFrameError('malformed_code', start, what + ' is larger than ' + SMILE_MAX_CODE);
    }
    return value;
  };
  r.se = function (k, what) {
    var c = r.ue(k, what);
    return c % 2 === 1 ? (c + 1) / 2 : -(c / 2);
  };
  return r;
}

function smileValue(field, code) {
  var f = SMILE_FIELDS[field];
  if (field === 3) {
    return code !== 0;
  }
  if (field === 6) {
    // Rounded to whole ohms so every implementation prints the same number.
    return Math.floor(100 * Math.pow(10, code / 128) + 0.5);
  }
  return (code * f[5] + f[6]) / f[7];
}

function smileHex(bytes, from, to) {
  var hex = '';
  for (var i = from; i < to; i++) {
    hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  }
  return hex;
}

function smileFieldSet(r) {
  var start = r.pos;
  if (r.bits(1, 'the field set') === 1) {
    return SMILE_STANDARD_SET;
  }
  var mask = 0;
  for (var field = 0; field < 10; field++) {
    if (r.bits(1, 'the field map') === 1) {
      mask |= 1 << field;
    }
  }
  if (mask === 0) {
    throw new SmileFrameError('empty_field_set', start, 'the field map names no field');
  }
  if (mask === SMILE_STANDARD_SET) {
    throw new SmileFrameError('non_canonical', start, 'the field map spells out the standard set, which must use the 1-bit short form');
  }
  return mask;
}

function smileMeasurement(r, synced, out) {
  var mask = smileFieldSet(r);
  var countStart = r.pos;
  var count = r.ue(0, 'the sample count') + 1;
  if (count > 255) {
    throw new SmileFrameError('too_many_samples', countStart, 'the frame declares ' + count + ' samples; at most 255 are allowed');
  }
  var codes = [];
  var times = [];
  var first = [];
  times.push(synced ? r.bits(32, 'the time of the first sample') : -r.ue(0, 'the age of the first sample'));
  var field, start, code;
  for (field = 0; field < 10; field++) {
    code = undefined;
    if (mask & (1 << field)) {
      start = r.pos;
      code = r.bits(SMILE_FIELDS[field][1], SMILE_FIELDS[field][0]);
      if (code > SMILE_FIELDS[field][2]) {
        throw new SmileFrameError('value_out_of_range', start, SMILE_FIELDS[field][0] + ' code ' + code + ' is above its maximum ' + SMILE_FIELDS[field][2]);
      }
    }
    first.push(code);
  }
  codes.push(first);
  var previousStep = 0;
  for (var i = 1; i < count; i++) {
    start = r.pos;
    var step = i === 1 ? r.ue(0, 'the time step of sample 1') + 1 : previousStep + r.se(0, 'the time step of sample ' + i);
    var time = times[i - 1] + step;
    if (step < 1 || step > SMILE_MAX_CODE) {
      throw new SmileFrameError('bad_batch_delta', start, 'sample ' + i + ' has a time step of ' + step + ' s; steps must be 1 s or more');
    }
    if (!synced && time > 0) {
      throw new SmileFrameError('bad_batch_delta', start, 'sample ' + i + ' would be taken ' + time + ' s after the transmission');
    }
    if (synced && time > 4294967295) {
      throw new SmileFrameError('bad_batch_delta', start, 'sample ' + i + ' lies after the end of 32-bit Unix time');
    }
    times.push(time);
    previousStep = step;
    var sample = [];
    for (field = 0; field < 10; field++) {
      code = undefined;
      if (mask & (1 << field)) {
        var f = SMILE_FIELDS[field];
        start = r.pos;
        if (f[3] === 2) {
          code = r.bits(1, f[0]);
        } else if (f[3] === 1) {
          code = r.ue(f[4], f[0]);
          if (code > f[2]) {
            throw new SmileFrameError('value_out_of_range', start, f[0] + ' of sample ' + i + ' is ' + code + ', above its maximum ' + f[2]);
          }
        } else {
          var delta = r.se(f[4], f[0]);
          code = codes[i - 1][field] + delta;
          if (code < 0 || code > f[2]) {
            throw new SmileFrameError('bad_batch_delta', start, f[0] + ' of sample ' + i + ' changes by ' + delta + ' to code ' + code + ', outside 0..' + f[2]);
          }
        }
      }
      sample.push(code);
    }
    codes.push(sample);
  }
  out.samples = [];
  for (i = 0; i < count; i++) {
    var json = {};
    if (synced) {
      json.time = times[i];
    } else {
      json.age_s = -times[i];
    }
    for (field = 0; field < 10; field++) {
      if (mask & (1 << field)) {
        json[SMILE_FIELDS[field][0]] = smileValue(field, codes[i][field]);
      }
    }
    out.samples.push(json);
  }
}

function smileStatus(r, synced, out, warnings) {
  if (synced) {
    out.time = r.bits(32, "the node's time");
  }
  var firmware = r.bits(8, 'the firmware version') + '.' + r.bits(8, 'the firmware version') + '.' + r.bits(8, 'the firmware version');
  var reasonStart = r.pos;
  var reason = r.bits(4, 'the reset reason');
  var hasLink = r.bits(1, 'the link flag') === 1;
  var hasBattery = r.bits(1, 'the battery flag') === 1;
  var status = {
    firmware: firmware,
    reset_reason: reason <= 8 ? SMILE_RESET_REASONS[reason] : 'reserved_' + reason,
    config_version: r.bits(16, 'the config version'),
    uptime_s: r.bits(32, 'the uptime'),
    buffered_samples: r.bits(16, 'the buffer fill'),
    dropped_samples: r.bits(16, 'the dropped-sample count')
  };
  if (hasLink) {
    status.rssi_dbm = -r.bits(8, 'the RSSI');
    var snr = r.bits(8, 'the SNR');
    if (snr !== 128) {
      status.snr_db = (snr >= 128 ? snr - 256 : snr) / 4;
    }
  }
  if (hasBattery) {
    status.battery_v = smileValue(5, r.bits(8, 'the battery voltage'));
  }
  if (reason > 8) {
    warnings.push({ code: 'unknown_reset_reason', byte: reasonStart >> 3, message: 'reset reason ' + reason + ' is not known; kept as a number' });
  }
  out.status = status;
}

function smileExtensions(r, out, warnings) {
  var previousTag = 0;
  var items = 0;
  var unknown = [];
  while (r.end - r.pos > 0) {
    var start = r.pos;
    var tag = r.bits(8, 'an extension tag');
    var length = r.bits(8, 'the length of extension ' + tag);
    if (tag <= previousTag) {
      throw new SmileFrameError('bad_extension', start, 'extension tag ' + tag + (tag === 0 ? ' is reserved' : ' follows tag ' + previousTag + '; tags must be unique and ascending'));
    }
    if (length * 8 > r.end - r.pos) {
      throw new SmileFrameError('truncated', start, 'extension ' + tag + ' declares ' + length + ' bytes but ' + Math.floor((r.end - r.pos) / 8) + ' remain');
    }
    var at = r.pos >> 3;
    r.pos += length * 8;
    if (tag === 1) {
      if (length !== 5) {
        throw new SmileFrameError('bad_extension', start, 'the radar extension must be 5 bytes, not ' + length);
      }
      if (r.bytes[at] > 3) {
        throw new SmileFrameError('bad_extension', start, 'radar target state ' + r.bytes[at] + ' is not 0 to 3');
      }
      out.radar = {
        state: SMILE_RADAR_STATES[r.bytes[at]],
        moving_cm: r.bytes[at + 1] * 256 + r.bytes[at + 2],
        stationary_cm: r.bytes[at + 3] * 256 + r.bytes[at + 4]
      };
    } else {
      unknown.push({ tag: tag, hex: smileHex(r.bytes, at, at + length) });
      warnings.push({ code: 'unknown_extension', byte: start >> 3, message: 'extension tag ' + tag + ' is not known; its ' + length + ' bytes were kept undecoded' });
    }
    previousTag = tag;
    items++;
  }
  if (items === 0) {
    throw new SmileFrameError('non_canonical', r.pos, 'the extension flag is set but no extension follows');
  }
  if (unknown.length > 0) {
    out.extensions = unknown;
  }
}

// The decoded frame (§9), or {error: {code, byte, message}}. Never throws on any input.
function smileDecodeFrame(bytes) {
  var warnings = [];
  var out = {};
  try {
    if (bytes.length === 0) {
      throw new SmileFrameError('truncated', 0, 'the frame is empty');
    }
    var r = smileReader(bytes);
    var header = r.bits(8, 'the header');
    if ((header >> 5) !== 1) {
      throw new SmileFrameError('unknown_version', 0, 'format version ' + (header >> 5) + ' is not known; this decoder reads version 1');
    }
    if (header & 1) {
      throw new SmileFrameError('reserved_bit_set', 0, 'the reserved bit 0 of the header byte is set');
    }
    var type = (header >> 3) & 3;
    var synced = (header & 4) !== 0;
    var extensions = (header & 2) !== 0;
    out.version = 1;
    out.type = type === 0 ? 'measurement' : type === 1 ? 'status' : 'unknown';
    if (type > 1) {
      out.type_code = type;
    }
    out.seq = r.bits(12, 'the sequence number');
    out.boot = r.bits(4, 'the boot counter');
    out.clock_synced = synced;
    if (type > 1) {
      out.extension_flag = extensions;
      out.body_hex = smileHex(bytes, 3, bytes.length);
      warnings.push({ code: 'unknown_frame_type', byte: 3, message: 'frame type ' + type + ' is not known; its ' + (bytes.length - 3) + ' body bytes were kept undecoded' });
      out.warnings = warnings;
      return out;
    }
    if (type === 0) {
      smileMeasurement(r, synced, out);
    } else {
      smileStatus(r, synced, out, warnings);
    }
    var padStart = r.pos;
    var padding = (8 - (padStart & 7)) & 7;
    if (r.bits(padding, 'the padding') !== 0) {
      throw new SmileFrameError('nonzero_padding', padStart, 'the ' + padding + ' padding bits after the body are not zero');
    }
    if (extensions) {
      smileExtensions(r, out, warnings);
    } else if (r.end - r.pos > 0) {
      throw new SmileFrameError('trailing_bytes', r.pos, ((r.end - r.pos) / 8) + ' bytes follow the end of the frame and the extension flag is not set');
    }
  } catch (e) {
    if (e instanceof SmileFrameError) {
      return { error: { code: e.code, byte: e.byteOffset, message: 'byte ' + e.byteOffset + ': ' + e.message } };
    }
    throw e;
  }
  out.warnings = warnings;
  return out;
}

// The Things Stack v3 and ChirpStack v4 uplink entry point.
function decodeUplink(input) {
  var frame = smileDecodeFrame(input.bytes || []);
  if (frame.error) {
    return { data: {}, warnings: [], errors: [frame.error.code + ' at ' + frame.error.message] };
  }
  var warnings = [];
  for (var i = 0; i < frame.warnings.length; i++) {
    warnings.push(frame.warnings[i].code + ' at byte ' + frame.warnings[i].byte + ': ' + frame.warnings[i].message);
  }
  return { data: frame, warnings: warnings, errors: [] };
}

// The Things Stack's normalized payload: one entry per sample, each field at its path of SMILE_FIELDS.
function normalizeUplink(input) {
  var data = input.data;
  if (!data || data.type !== 'measurement') {
    return { data: [], warnings: [], errors: [] };
  }
  var normalized = [];
  for (var i = 0; i < data.samples.length; i++) {
    var entry = {};
    for (var field = 0; field < SMILE_FIELDS.length; field++) {
      var value = data.samples[i][SMILE_FIELDS[field][0]];
      if (SMILE_FIELDS[field][8] !== null && value !== undefined) {
        smileSetPath(entry, SMILE_FIELDS[field][8].split('.'), value);
      }
    }
    normalized.push(entry);
  }
  return { data: normalized, warnings: [], errors: [] };
}

function smileSetPath(object, keys, value) {
  for (var k = 0; k < keys.length - 1; k++) {
    if (object[keys[k]] === undefined) {
      object[keys[k]] = {};
    }
    object = object[keys[k]];
  }
  object[keys[keys.length - 1]] = value;
}
