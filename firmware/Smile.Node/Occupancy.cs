namespace Smile.Node
{
    /// <summary>
    /// Turns PIR edges into what the frame carries: a count of motion events per interval and a presence state that
    /// holds for a while after the last motion (PIR sensors drop out while people sit still). Nothing that identifies
    /// a person is kept. Edges arrive from the GPIO interrupt; the cycle takes the interval's figures.
    /// </summary>
    public sealed class Occupancy
    {
        private readonly long _holdSeconds;
        private readonly object _lock = new object();
        private int _count;
        private long _lastMotionSeconds = long.MinValue / 2;

        public Occupancy(long holdSeconds) => _holdSeconds = holdSeconds;

        /// <summary>A rising edge of the PIR output: one motion event.</summary>
        public void Motion(long nowSeconds)
        {
            lock (_lock)
            {
                if (_count < 255)
                {
                    _count++;
                }

                _lastMotionSeconds = nowSeconds;
            }
        }

        public bool Present(long nowSeconds)
        {
            lock (_lock)
            {
                return nowSeconds - _lastMotionSeconds <= _holdSeconds;
            }
        }

        /// <summary>The interval's motion count, then starts the next interval.</summary>
        public int TakeCount()
        {
            lock (_lock)
            {
                int count = _count;
                _count = 0;
                return count;
            }
        }

        public long LastMotionSeconds => _lastMotionSeconds;

        /// <summary>Carries presence across deep sleep: last motion and motions counted by PIR wakes, from the node's state.</summary>
        public void Restore(long lastMotionSeconds, int pendingMotion)
        {
            lock (_lock)
            {
                if (lastMotionSeconds > _lastMotionSeconds)
                {
                    _lastMotionSeconds = lastMotionSeconds;
                }

                _count += pendingMotion;
                if (_count > 255)
                {
                    _count = 255;
                }
            }
        }
    }
}
