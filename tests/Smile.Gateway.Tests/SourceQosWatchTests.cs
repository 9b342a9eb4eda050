using System;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Configuration;
using Smile.Gateway.Sources;
using Smile.Mqtt;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>Uplinks at QoS 0 on a source meant to deliver at QoS 1 are noticed, with the fix, and the warning ends once the sender is fixed.</summary>
    public class SourceQosWatchTests
    {
        [Fact]
        public void Chirpstack_uplinks_at_qos_0_are_reported_with_the_chirpstack_setting_that_fixes_it()
        {
            var watch = new SourceQosWatch(new GatewayOptions(), TimeProvider.System, NullLogger<SourceQosWatch>.Instance);
            watch.Observe("smile/up/node-1", QoS.AtLeastOnce);
            watch.Observe("application/a/device/0011223344556677/event/up", QoS.AtMostOnce);
            watch.Observe("application/a/device/0011223344556677/event/up", QoS.AtMostOnce);

            var (source, count, fix) = Assert.Single(watch.Warnings());
            Assert.Equal(UplinkSource.ChirpStack, source);
            Assert.Equal(2, count);
            Assert.Contains("qos=1", fix);
            Assert.Contains("[integration.mqtt]", fix);
            Assert.Equal(2, (long)watch.Status()["chirpstack"]!["uplinks_at_qos0"]!);
            Assert.Null(watch.Status()["wifi"]);

            watch.Observe("application/a/device/0011223344556677/event/up", QoS.AtLeastOnce);
            Assert.Empty(watch.Warnings());
            Assert.False((bool)watch.Status()["chirpstack"]!["latest_at_qos0"]!);
        }

        [Fact]
        public void The_warning_comes_again_after_an_hour_even_when_the_wall_clock_stepped_back_by_a_year()
        {
            var time = new SteppableTime();
            var log = new WarningLog<SourceQosWatch>();
            var watch = new SourceQosWatch(new GatewayOptions(), time, log);
            const string topic = "application/a/device/0011223344556677/event/up";
            watch.Observe(topic, QoS.AtMostOnce);
            time.Pass(59 * 60_000);
            watch.Observe(topic, QoS.AtMostOnce);
            Assert.Single(log.Warnings);

            time.Step(-SteppableTime.YearMs);
            time.Pass(2 * 60 * 60_000);
            watch.Observe(topic, QoS.AtMostOnce);

            Assert.Equal(2, log.Warnings.Count);
            Assert.All(log.Warnings, w => Assert.Contains("qos=1", w));
        }

        [Fact]
        public void A_sender_that_keeps_publishing_at_qos_0_is_warned_about_once_an_hour_not_once()
        {
            var time = new SteppableTime();
            var log = new WarningLog<SourceQosWatch>();
            var watch = new SourceQosWatch(new GatewayOptions(), time, log);
            for (int minute = 0; minute <= 180; minute += 10)
            {
                watch.Observe("application/a/device/0011223344556677/event/up", QoS.AtMostOnce);
                time.Pass(10 * 60_000);
            }

            // At 0, 70 and 140 minutes: an hour after the last warning, with uplinks every ten minutes between.
            Assert.Equal(3, log.Warnings.Count);
        }
    }
}
