using System;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Gateway.Pipeline
{
    /// <summary>Wakes the forwarder when a commit added rows, instead of polling the database.</summary>
    public sealed class ForwardSignal
    {
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0, 1);

        public void Notify()
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }

        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancel) => _signal.WaitAsync(timeout, cancel);
    }
}
