using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>Tests that run gateway processes and brokers go one at a time: two cores, and timing-sensitive checks.</summary>
    [CollectionDefinition("gateway processes", DisableParallelization = true)]
    public sealed class ProcessCollection
    {
    }
}
