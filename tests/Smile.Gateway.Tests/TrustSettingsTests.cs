using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;
using Smile.Gateway.Health;
using Smile.Gateway.Sinks;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>Settings that would open a door without saying so are refused or warned about (issue 11, Low).</summary>
    public sealed class TrustSettingsTests
    {
        [Fact]
        public void A_status_page_username_without_a_password_is_refused()
        {
            GatewayOptions options = Valid();
            options.Health.Username = "technician";

            var result = new GatewayOptionsValidator().Validate(null, options);

            Assert.False(result.Succeeded);
            Assert.Contains("Smile:Health:Password must be set when Health:Username is (is empty: the status page would be open to anyone who can reach it)", result.Failures!);
        }

        [Fact]
        public void The_gateways_publisher_needs_a_login_of_its_own_when_the_subscriber_has_one()
        {
            GatewayOptions options = Valid();
            options.LocalBroker.Username = "smile-gateway";
            options.LocalBroker.Password = "secret-password-1";
            Assert.Contains(new GatewayOptionsValidator().Validate(null, options).Failures!, f => f.StartsWith("Smile:LocalBroker:PublisherUsername must be set when Username is"));

            options.LocalBroker.PublisherUsername = "smile-gateway";
            Assert.Contains(new GatewayOptionsValidator().Validate(null, options).Failures!, f => f.StartsWith("Smile:LocalBroker:PublisherUsername must differ from Username"));

            options.LocalBroker.PublisherUsername = "smile-gateway-pub";
            options.LocalBroker.PublisherPassword = "secret-password-2";
            Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
        }

        [Fact]
        public void Tls_upstream_is_the_default_of_the_code_not_only_of_appsettings_json()
        {
            Assert.True(new GatewayOptions().Upstream.Tls is { Enabled: true });
            Assert.Null(new GatewayOptions().LocalBroker.Tls);
        }

        [Fact]
        public async Task A_password_to_a_broker_beyond_this_machine_without_tls_is_warned_about()
        {
            GatewayOptions options = Valid();
            options.Upstream.Host = "platform.example.org";
            options.Upstream.Password = "platform-password";
            options.Upstream.Tls = new TlsSettings { Enabled = false };
            options.LocalBroker.Password = "local-password"; // on 127.0.0.1: nobody else sees it
            var logs = new WarningLog();
            using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

            await using (new Brokers(options, factory, new MessageRenderer(options)))
            {
            }

            // Said once, by the MQTT client of the connection that sends it (Smile.Mqtt PlainTextPassword).
            string warning = Assert.Single(logs.Warnings);
            Assert.StartsWith("MQTT platform.example.org:1883: the password of", warning);
            Assert.Contains("without TLS", warning);
        }

        [Fact]
        public void Basic_authentication_over_plain_http_beyond_loopback_is_warned_about_in_the_log_and_on_the_page()
        {
            var health = new HealthSettings { Url = "http://192.168.4.1:8089", Username = "technician", Password = "a-long-page-password" };
            var logs = new WarningLog();
            using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

            StatusPageExposure.WarnAtStart(health, factory.CreateLogger<StatusPage>());

            // StatusPage shows the same text as an alert in its State section.
            string? warning = StatusPageExposure.PlainTextWarning(health);
            Assert.StartsWith("the status page asks for its password over plain HTTP on http://192.168.4.1:8089", warning);
            Assert.Equal(warning, Assert.Single(logs.Warnings));
            Assert.Null(StatusPageExposure.PlainTextWarning(new HealthSettings { Url = "http://127.0.0.1:8089", Username = "t", Password = "p" }));
            Assert.Null(StatusPageExposure.PlainTextWarning(new HealthSettings { Url = "https://192.168.4.1:8089", Username = "t", Password = "p" }));
        }

        private static GatewayOptions Valid()
        {
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-1";
            options.Gateway.Site = "hafen";
            return options;
        }
    }
}
