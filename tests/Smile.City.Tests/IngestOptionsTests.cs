using Smile.Ingest.Configuration;
using Smile.Ingest.Engine;
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
        public void A_login_in_the_URL_half_a_login_a_missing_CA_file_and_an_open_listener_off_loopback_are_refused()
        {
            var options = Valid();
            options.Nats.Url = "nats://ingest:secret@nats-1.city.example:4222";
            options.Nats.Token = "a-token";
            options.Nats.Username = "ingest";
            options.Nats.Tls.CaFile = "/nonexistent/ca.crt";
            options.Health.Url = "http://0.0.0.0:8090";

            var failures = new IngestOptionsValidator().Validate(null, options).Failures!;

            Assert.Contains(failures, f => f.StartsWith("Smile:Nats:Url must not carry a login", System.StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("Smile:Nats:Username or Nats:Token", System.StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("Smile:Nats:Password must be set with Nats:Username", System.StringComparison.Ordinal));
            Assert.Contains(failures, f => f == "Smile:Nats:Tls:CaFile names a file that does not exist: /nonexistent/ca.crt");
            Assert.Contains(failures, f => f.StartsWith("Smile:Nats:Tls:CaFile is set but Nats:Tls:Enabled is not true", System.StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("Smile:Health:Url is beyond loopback", System.StringComparison.Ordinal));
        }

        [Fact]
        public void A_password_without_TLS_to_another_machine_is_warned_about_not_on_loopback()
        {
            var options = Valid();
            options.Nats.Username = "ingest";
            options.Nats.Password = "secret";
            Assert.Null(NatsLogin.PlainTextWarning(options.Nats));
            options.Nats.Url = "nats://127.0.0.1:4222,nats://nats-2.city.example:4222";
            Assert.Contains("nats-2.city.example without TLS", NatsLogin.PlainTextWarning(options.Nats));
            options.Nats.Tls.Enabled = true;
            Assert.Null(NatsLogin.PlainTextWarning(options.Nats));
            options.Health.Url = "http://192.168.4.1:8090";
            options.Health.Username = "prometheus";
            options.Health.Password = "scrape";
            Assert.True(new IngestOptionsValidator().Validate(null, options).Succeeded);
        }

        [Fact]
        public void The_defaults_with_a_connection_string_are_accepted()
        {
            Assert.True(new IngestOptionsValidator().Validate(null, Valid()).Succeeded);
        }

        private static IngestOptions Valid()
        {
            var options = new IngestOptions();
            options.Postgres.ConnectionString = "Host=db;Username=smile";
            return options;
        }
    }
}
