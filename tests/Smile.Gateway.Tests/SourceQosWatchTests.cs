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
            var watch = new SourceQosWatch(new GatewayOptions(), NullLogger<SourceQosWatch>.Instance);
            watch.Observe("smile/up/node-1", QoS.AtLeastOnce, DateTimeOffset.UtcNow);
            watch.Observe("application/a/device/0011223344556677/event/up", QoS.AtMostOnce, DateTimeOffset.UtcNow);
            watch.Observe("application/a/device/0011223344556677/event/up", QoS.AtMostOnce, DateTimeOffset.UtcNow);

            var (source, count, fix) = Assert.Single(watch.Warnings());
            Assert.Equal(UplinkSource.ChirpStack, source);
            Assert.Equal(2, count);
            Assert.Contains("qos=1", fix);
            Assert.Contains("[integration.mqtt]", fix);
            Assert.Equal(2, (long)watch.Status()["chirpstack"]!["uplinks_at_qos0"]!);
            Assert.Null(watch.Status()["wifi"]);

            watch.Observe("application/a/device/0011223344556677/event/up", QoS.AtLeastOnce, DateTimeOffset.UtcNow);
            Assert.Empty(watch.Warnings());
            Assert.False((bool)watch.Status()["chirpstack"]!["latest_at_qos0"]!);
        }
    }
}
