using System.Threading;

namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// One batch at a time through the <see cref="UplinkProcessor"/> and its commit: the processor's state (de-duplication,
    /// filters, Wi-Fi frames) is not shared between two batches in flight. Held by the ingest loop and the TTS gap filler.
    /// </summary>
    public sealed class PipelineGate
    {
        public SemaphoreSlim Lock { get; } = new SemaphoreSlim(1, 1);
    }
}
