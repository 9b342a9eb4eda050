using System.Threading;
using System.Threading.Tasks;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sources;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// The gateway's own frames into the pipeline the broker's uplinks take: the same processor (decode, rate limit,
    /// de-duplication, plausibility, filters), the same outbox, one batch of its own under the pipeline's gate. The node
    /// id is the gateway's id; the link says source "gateway", transport "i2c".
    /// </summary>
    public sealed class OwnUplinks
    {
        private readonly string _nodeId;
        private readonly string _topic;
        private readonly UplinkProcessor _processor;
        private readonly Outbox _outbox;
        private readonly PipelineGate _gate;

        public OwnUplinks(GatewayOptions options, UplinkProcessor processor, Outbox outbox, PipelineGate gate)
        {
            _nodeId = options.Gateway.Id;

            // Not an MQTT topic: what a dead letter of the sensor names as where it came from.
            _topic = "i2c-" + options.Board.Bme280.I2cBus + "/0x" + options.Board.Bme280.Address.ToString("x2");
            _processor = processor;
            _outbox = outbox;
            _gate = gate;
        }

        /// <summary>Stores the frame as received now; a failed commit (disk trouble) throws and leaves the pipeline as it was.</summary>
        public async Task CommitAsync(byte[] frame, long receivedMs, CancellationToken stop)
        {
            var uplink = new Uplink(UplinkSource.Gateway, _topic, _nodeId, frame, receivedMs, new LinkInfo(UplinkSourceNames.TransportOf(UplinkSource.Gateway), null, null, null, null, null, null), null);
            await _gate.Lock.WaitAsync(stop);
            try
            {
                var batch = new CommitBatch();
                _processor.Add(batch, uplink);
                try
                {
                    _outbox.Commit(batch);
                    _processor.Commit();
                }
                catch
                {
                    _processor.Rollback();
                    throw;
                }
            }
            finally
            {
                _gate.Lock.Release();
            }
        }
    }
}
