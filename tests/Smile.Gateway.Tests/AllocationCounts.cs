using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Tests that run the gateway's pipeline in the test process and count what it allocates: GC.GetTotalAllocatedBytes
    /// counts every thread of the process, so they run alone, after the parallel tests, not beside them.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class AllocationCounts
    {
        public const string Name = "allocation counts";
    }
}
