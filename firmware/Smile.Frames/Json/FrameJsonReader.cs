using System;
using System.Text.Json.Nodes;

namespace Smile.Frames
{
    /// <summary>
    /// Reads the JSON form of a frame back into a <see cref="Frame"/> for encoding. Values are quantized to the
    /// nearest code, so the JSON of a decoded frame reads back to the same codes. Throws FormatException naming
    /// the JSON path of the first problem.
    /// </summary>
    public static class FrameJsonReader
    {
        public static Frame Read(JsonObject json)
        {
            var frame = new Frame
            {
                Sequence = Int(json, "seq", "$"),
                Boot = Int(json, "boot", "$"),
                ClockSynced = json["clock_synced"]?.GetValue<bool>() ?? false,
            };
            string type = Required(json, "type", "$").GetValue<string>();
            if (type == "measurement")
            {
                frame.Type = FrameFormat.TypeMeasurement;
                ReadSamples(json, frame);
            }
            else if (type == "status")
            {
                frame.Type = FrameFormat.TypeStatus;
                frame.TransmitTime = json["time"]?.GetValue<long>() ?? 0;
                frame.Status = ReadStatus(Required(json, "status", "$").AsObject());
            }
            else if (type == "unknown")
            {
                frame.Type = Int(json, "type_code", "$");
                frame.UnknownBody = Convert.FromHexString(Required(json, "body_hex", "$").GetValue<string>());
                frame.UnknownBodyHasExtensions = json["extension_flag"]?.GetValue<bool>() ?? false;
            }
            else
            {
                throw new FormatException("$.type: '" + type + "' is not measurement, status or unknown");
            }

            ReadExtensions(json, frame);
            return frame;
        }

        private static void ReadSamples(JsonObject json, Frame frame)
        {
            JsonArray samples = Required(json, "samples", "$").AsArray();
            frame.Samples = new Sample[samples.Count];
            frame.SampleCount = samples.Count;
            for (int i = 0; i < samples.Count; i++)
            {
                string path = "$.samples[" + i + "]";
                JsonObject item = samples[i]!.AsObject();
                var sample = new Sample { Time = frame.ClockSynced ? Long(item, "time", path) : -Long(item, "age_s", path) };
                for (int field = 0; field < Fields.Count; field++)
                {
                    JsonNode? node = item[Fields.Name(field)];
                    if (node == null)
                    {
                        continue;
                    }

                    double value = Fields.IsBoolean(field) ? (node.GetValue<bool>() ? 1 : 0) : node.GetValue<double>();
                    if (!sample.SetValue(field, value))
                    {
                        throw new FormatException(path + "." + Fields.Name(field) + ": " + value + " is outside the field's range");
                    }
                }

                frame.Samples[i] = sample;
            }
        }

        private static NodeStatus ReadStatus(JsonObject json)
        {
            string[] firmware = Required(json, "firmware", "$.status").GetValue<string>().Split('.');
            if (firmware.Length != 3)
            {
                throw new FormatException("$.status.firmware: expected major.minor.patch");
            }

            var status = new NodeStatus
            {
                FirmwareMajor = int.Parse(firmware[0]),
                FirmwareMinor = int.Parse(firmware[1]),
                FirmwarePatch = int.Parse(firmware[2]),
                ResetReason = ResetReasonCode(Required(json, "reset_reason", "$.status").GetValue<string>()),
                ConfigVersion = Int(json, "config_version", "$.status"),
                UptimeSeconds = Long(json, "uptime_s", "$.status"),
                BufferedSamples = Int(json, "buffered_samples", "$.status"),
                DroppedSamples = Int(json, "dropped_samples", "$.status"),
                HasLink = json["rssi_dbm"] != null,
                SnrQuarterDb = NodeStatus.NoSnr,
            };
            if (status.HasLink)
            {
                status.RssiDbm = Int(json, "rssi_dbm", "$.status");
                JsonNode? snr = json["snr_db"];
                if (snr != null)
                {
                    status.SnrQuarterDb = (int)Math.Round(snr.GetValue<double>() * 4);
                }
            }

            JsonNode? battery = json["battery_v"];
            if (battery != null)
            {
                int raw;
                if (!Fields.TryQuantize(Fields.Battery, battery.GetValue<double>(), out raw))
                {
                    throw new FormatException("$.status.battery_v: outside the field's range");
                }

                status.HasBattery = true;
                status.BatteryRaw = raw;
            }

            return status;
        }

        private static int ResetReasonCode(string name)
        {
            for (int code = 0; code <= ResetReason.MaxDefined; code++)
            {
                if (ResetReason.Name(code) == name)
                {
                    return code;
                }
            }

            if (name.StartsWith("reserved_", StringComparison.Ordinal) && int.TryParse(name.Substring(9), out int reserved))
            {
                return reserved;
            }

            throw new FormatException("$.status.reset_reason: '" + name + "' is not a known reset reason");
        }

        private static void ReadExtensions(JsonObject json, Frame frame)
        {
            if (json["radar"] is JsonObject radar)
            {
                string state = Required(radar, "state", "$.radar").GetValue<string>();
                int code = RadarReport.MovingAndStationaryTarget;
                while (code >= 0 && RadarReport.StateName(code) != state)
                {
                    code--;
                }

                if (code < 0)
                {
                    throw new FormatException("$.radar.state: '" + state + "' is not a radar state");
                }

                frame.Radar = new RadarReport
                {
                    TargetState = code,
                    MovingDistanceCm = Int(radar, "moving_cm", "$.radar"),
                    StationaryDistanceCm = Int(radar, "stationary_cm", "$.radar"),
                };
            }

            if (json["extensions"] is JsonArray items)
            {
                frame.UnknownExtensions = new FrameExtension[items.Count];
                for (int i = 0; i < items.Count; i++)
                {
                    JsonObject item = items[i]!.AsObject();
                    string path = "$.extensions[" + i + "]";
                    frame.UnknownExtensions[i] = new FrameExtension(Int(item, "tag", path), Convert.FromHexString(Required(item, "hex", path).GetValue<string>()));
                }
            }
        }

        private static JsonNode Required(JsonObject json, string name, string path)
        {
            return json[name] ?? throw new FormatException(path + "." + name + " is missing");
        }

        private static int Int(JsonObject json, string name, string path) => Required(json, name, path).GetValue<int>();

        private static long Long(JsonObject json, string name, string path) => Required(json, name, path).GetValue<long>();
    }
}
