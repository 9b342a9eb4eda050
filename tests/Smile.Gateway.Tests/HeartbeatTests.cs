using System;
using Smile.Gateway.Health;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The loops' heartbeats, which /health/live and the systemd watchdog read, across the wall-clock step of a Pi's
    /// first time sync: only time that passed counts.
    /// </summary>
    public sealed class HeartbeatTests
    {
        [Fact]
        public void A_wall_clock_step_forward_does_not_make_a_beating_loop_look_stuck()
        {
            var time = new SteppableTime();
            var metrics = new GatewayMetrics(time);
            metrics.IngestBeat();
            metrics.ForwarderBeat();

            time.Step(SteppableTime.YearMs);
            time.Pass(1_000);

            Assert.Equal(TimeSpan.FromSeconds(1), metrics.SinceIngestBeat);
            Assert.Equal(TimeSpan.FromSeconds(1), metrics.SinceForwarderBeat);
        }

        [Fact]
        public void A_wall_clock_step_back_does_not_hide_a_stuck_loop()
        {
            var time = new SteppableTime();
            var metrics = new GatewayMetrics(time);
            metrics.IngestBeat();

            time.Step(-SteppableTime.YearMs);
            time.Pass(31_000);

            Assert.Equal(TimeSpan.FromSeconds(31), metrics.SinceIngestBeat);
        }
    }
}
