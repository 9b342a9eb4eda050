using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Smile.Frames
{
    /// <summary>
    /// The JSON form of a decoded frame: the names and units integrators see (docs/frame-format-v1.md, "JSON form").
    /// Host only: the node never builds JSON.
    /// </summary>
    public static class FrameJson
    {
        public static JsonObject FromResult(DecodeResult result)
        {
            if (!result.Ok)
            {
                return new JsonObject { ["error"] = ErrorJson(result) };
            }

            JsonObject json = FromFrame(result.Frame!);
            var warnings = new JsonArray();
            for (int i = 0; i < result.WarningCount; i++)
            {
                FrameWarning w = result.Warning(i);
                warnings.Add((JsonNode)new JsonObject { ["code"] = w.Name, ["byte"] = w.ByteOffset, ["message"] = w.Message });
            }

            json["warnings"] = warnings;
            return json;
        }

        public static JsonObject ErrorJson(DecodeResult result)
        {
            return new JsonObject { ["code"] = result.ErrorName, ["byte"] = result.ErrorByte, ["message"] = result.ErrorMessage };
        }

        public static JsonObject FromFrame(Frame frame)
        {
            var json = new JsonObject
            {
                ["version"] = FrameFormat.Version,
                ["type"] = TypeName(frame.Type),
            };
            if (frame.UnknownBody != null)
            {
                json["type_code"] = frame.Type;
            }

            json["seq"] = frame.Sequence;
            json["boot"] = frame.Boot;
            json["clock_synced"] = frame.ClockSynced;
            if (frame.Type == FrameFormat.TypeMeasurement)
            {
                var samples = new JsonArray();
                for (int i = 0; i < frame.SampleCount; i++)
                {
                    samples.Add((JsonNode)SampleJson(frame.Samples[frame.FirstSample + i], frame.ClockSynced));
                }

                json["samples"] = samples;
            }
            else if (frame.Type == FrameFormat.TypeStatus && frame.Status != null)
            {
                if (frame.ClockSynced)
                {
                    json["time"] = frame.TransmitTime;
                }

                json["status"] = StatusJson(frame.Status);
            }
            else if (frame.UnknownBody != null)
            {
                json["extension_flag"] = frame.UnknownBodyHasExtensions;
                json["body_hex"] = Convert.ToHexString(frame.UnknownBody).ToLowerInvariant();
            }

            if (frame.Radar != null)
            {
                json["radar"] = new JsonObject
                {
                    ["state"] = RadarReport.StateName(frame.Radar.TargetState),
                    ["moving_cm"] = frame.Radar.MovingDistanceCm,
                    ["stationary_cm"] = frame.Radar.StationaryDistanceCm,
                };
            }

            if (frame.UnknownExtensions.Length > 0)
            {
                var items = new JsonArray();
                foreach (FrameExtension item in frame.UnknownExtensions)
                {
                    items.Add((JsonNode)new JsonObject { ["tag"] = item.Tag, ["hex"] = Convert.ToHexString(item.Data).ToLowerInvariant() });
                }

                json["extensions"] = items;
            }

            return json;
        }

        private static string TypeName(int type)
        {
            return type == FrameFormat.TypeMeasurement ? "measurement" : type == FrameFormat.TypeStatus ? "status" : "unknown";
        }

        private static JsonObject SampleJson(Sample sample, bool clockSynced)
        {
            var json = new JsonObject();
            if (clockSynced)
            {
                json["time"] = sample.Time;
            }
            else
            {
                json["age_s"] = -sample.Time;
            }

            for (int field = 0; field < Fields.Count; field++)
            {
                if (!sample.Has(field))
                {
                    continue;
                }

                if (Fields.IsBoolean(field))
                {
                    json[Fields.Name(field)] = sample.Get(field) != 0;
                }
                else if (Fields.StepDenominator(field) == 1)
                {
                    json[Fields.Name(field)] = (long)Fields.ToValue(field, sample.Get(field));
                }
                else
                {
                    json[Fields.Name(field)] = Fields.ToValue(field, sample.Get(field));
                }
            }

            return json;
        }

        private static JsonObject StatusJson(NodeStatus status)
        {
            var json = new JsonObject
            {
                ["firmware"] = status.FirmwareMajor + "." + status.FirmwareMinor + "." + status.FirmwarePatch,
                ["reset_reason"] = ResetReason.Name(status.ResetReason),
                ["config_version"] = status.ConfigVersion,
                ["uptime_s"] = status.UptimeSeconds,
                ["buffered_samples"] = status.BufferedSamples,
                ["dropped_samples"] = status.DroppedSamples,
            };
            if (status.HasLink)
            {
                json["rssi_dbm"] = status.RssiDbm;
                if (status.SnrQuarterDb != NodeStatus.NoSnr)
                {
                    json["snr_db"] = status.SnrQuarterDb / 4.0;
                }
            }

            if (status.HasBattery)
            {
                json["battery_v"] = Fields.ToValue(Fields.Battery, status.BatteryRaw);
            }

            return json;
        }
    }
}
