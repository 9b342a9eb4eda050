using System.Collections.Generic;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Simulation.Tests
{
    public class LoopbackTests
    {
        [Fact]
        public void Ports_come_from_below_the_range_outgoing_connections_take_theirs_from_and_never_twice()
        {
            // A port from the kernel's ephemeral range can be taken by any outgoing connection before the server binds it;
            // a CI run lost a nats-server member that way ("bind: address already in use").
            var seen = new HashSet<int>();
            for (int i = 0; i < 500; i++)
            {
                int port = Loopback.FreePort();
                Assert.InRange(port, Loopback.LowestPort, Loopback.EphemeralRangeStart - 1);
                Assert.True(seen.Add(port), "port " + port + " handed out twice");
            }
        }
    }
}
