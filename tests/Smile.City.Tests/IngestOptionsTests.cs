using Smile.Ingest.Configuration;
using Xunit;

namespace Smile.City.Tests
{
    public sealed class IngestOptionsTests
    {
        [Fact]
        public void Bad_settings_are_refused_naming_the_key()
        {
            var options = new IngestOptions();
            options.Nats.Replicas = 7;
            options.Batch.MaxWaitMilliseconds = 500;

            var result = new IngestOptionsValidator().Validate(null, options);

            Assert.True(result.Failed);
            Assert.Contains(result.Failures!, f => f.StartsWith("Smile:Postgres:ConnectionString", System.StringComparison.Ordinal));
            Assert.Contains(result.Failures!, f => f.StartsWith("Smile:Nats:Replicas", System.StringComparison.Ordinal));
            Assert.Contains(result.Failures!, f => f.StartsWith("Smile:Batch:MaxWaitMilliseconds", System.StringComparison.Ordinal));
        }

        [Fact]
        public void The_defaults_with_a_connection_string_are_accepted()
        {
            var options = new IngestOptions();
            options.Postgres.ConnectionString = "Host=db;Username=smile";
            Assert.True(new IngestOptionsValidator().Validate(null, options).Succeeded);
        }
    }
}
