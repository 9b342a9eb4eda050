using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace Smile.Ingest.Configuration
{
    /// <summary>Checks the configuration at start; every failure names the key and why, and the service refuses to run.</summary>
    public sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
    {
        public ValidateOptionsResult Validate(string? name, IngestOptions o)
        {
            var errors = new List<string>();
            void Require(bool ok, string key, string why)
            {
                if (!ok)
                {
                    errors.Add(IngestOptions.Section + ":" + key + " " + why);
                }
            }

            Require(o.Nats.Url.Length > 0, "Nats:Url", "must name at least one server");
            Require(IsToken(o.Nats.Consumer), "Nats:Consumer", "must be letters, digits, '-' or '_' (is '" + o.Nats.Consumer + "')");
            Require(o.Nats.Subjects.Length > 0, "Nats:Subjects", "must name the subjects of the gateways' topics");
            Require(o.Nats.Replicas is >= 1 and <= 5, "Nats:Replicas", "must be 1..5 (is " + o.Nats.Replicas + ")");
            Require(o.Nats.AckWaitSeconds is >= 5 and <= 3600, "Nats:AckWaitSeconds", "must be 5..3600 (is " + o.Nats.AckWaitSeconds + ")");
            Require(o.Nats.MaxAckPending >= o.Batch.MaxMessages, "Nats:MaxAckPending", "must be at least Batch:MaxMessages");
            Require(o.Postgres.ConnectionString.Length > 0, "Postgres:ConnectionString", "must be set (Smile__Postgres__ConnectionString)");
            Require(o.Batch.MaxMessages is >= 1 and <= 10000, "Batch:MaxMessages", "must be 1..10000 (is " + o.Batch.MaxMessages + ")");
            Require(o.Batch.MaxWaitMilliseconds is >= 1001 and <= 30000, "Batch:MaxWaitMilliseconds", "must be 1001..30000 (is " + o.Batch.MaxWaitMilliseconds + ")");
            Require(o.Batch.MaxPayloadBytes is >= 1024 and <= 1048576, "Batch:MaxPayloadBytes", "must be 1024..1048576");
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        private static bool IsToken(string value)
        {
            if (value.Length is 0 or > 64)
            {
                return false;
            }

            foreach (char c in value)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
