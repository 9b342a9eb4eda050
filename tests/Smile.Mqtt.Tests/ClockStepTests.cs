using System;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// A Raspberry Pi has no battery-backed clock: its wall clock steps when it first syncs, often by months. The
    /// client's keep-alive and stall checks measure intervals, so a step must not reach them (MqttClientOptions.Time).
    /// The step is the option's wall clock: these fail when the intervals are measured on it; a test cannot step the
    /// process's own clock, so code reading DateTime.UtcNow directly would slip past them.
    /// </summary>
    public class ClockStepTests
    {
        [Theory]
        [InlineData(365)] // forward: 1.5 keep-alive periods without a packet, at once, to a wall-clock reading
        [InlineData(-365)] // back: no write for half a period never comes, no PINGREQ goes, the broker gives up
        public async Task A_wall_clock_step_of_a_year_neither_drops_the_connection_nor_holds_back_the_pings(int days)
        {
            using var broker = Mosquitto.Start();
            var clock = new SteppingWallClock();
            MqttClientOptions options = Clients.Options(broker, "stepped");
            // 2 s, not 1: the dead-link check allows a PINGRESP 1.5 periods after the last read, and a ping goes out
            // within 0.75 periods of the last write, so a stall of the test host (thread pool at start-up, a loaded
            // CI machine) over 0.75 s was enough to reconnect at 1 s (CI run of 2026-11-30); at 2 s it takes 1.5 s.
            options.KeepAliveSeconds = 2;
            options.Time = clock;
            MqttClient client = await Clients.ConnectedAsync(options);
            try
            {
                long writes = client.SocketWrites;
                clock.Step(TimeSpan.FromDays(days));
                await Task.Delay(TimeSpan.FromSeconds(5)); // two and a half keep-alive periods, all without a publish

                Assert.True(client.IsConnected && client.ConnectCount == 1, "reconnected " + (client.ConnectCount - 1) + " times after the step: " + client.LastError);
                Assert.True(client.SocketWrites - writes >= 2, "PINGREQs in 2.5 keep-alive periods: " + (client.SocketWrites - writes));
                await client.PublishAsync("after/step", new byte[] { 1 }, QoS.AtLeastOnce, false).WaitAsync(TimeSpan.FromSeconds(5));
            }
            finally
            {
                await client.DisposeAsync();
            }
        }

        /// <summary>The system's clocks, with the wall clock stepped as a time sync steps it; the monotonic one runs on.</summary>
        private sealed class SteppingWallClock : TimeProvider
        {
            private TimeSpan _offset;

            public void Step(TimeSpan by) => _offset += by;

            public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
        }
    }
}
