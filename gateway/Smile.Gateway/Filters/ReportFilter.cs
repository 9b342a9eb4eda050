using System;
using System.Collections.Generic;
using Smile.Frames;

namespace Smile.Gateway.Filters
{
    /// <summary>
    /// Report by exception, per node and reading: a sample is forwarded when a reading moved beyond its deadband since
    /// the last forwarded sample, when the heartbeat is due, or when presence or a count is non-zero or changed; and
    /// never more often than the minimum interval. Off (everything forwarded) unless configured. Decisions of a
    /// batch apply only when its commit succeeded.
    /// </summary>
    public sealed class ReportFilter
    {
        private readonly Dictionary<int, double> _deadband = new Dictionary<int, double>();
        private readonly long _heartbeatMs;
        private readonly long _minIntervalMs;
        private readonly Dictionary<string, NodeState> _state = new Dictionary<string, NodeState>();
        private readonly Dictionary<string, NodeState> _pending = new Dictionary<string, NodeState>();

        public ReportFilter(IReadOnlyDictionary<string, double> deadband, int heartbeatSeconds, int minIntervalSeconds)
        {
            for (int field = 0; field < Fields.Count; field++)
            {
                if (deadband.TryGetValue(Fields.Name(field), out double band))
                {
                    _deadband[field] = band;
                }
            }

            _heartbeatMs = heartbeatSeconds * 1000L;
            _minIntervalMs = minIntervalSeconds * 1000L;
        }

        public bool Enabled => _deadband.Count > 0 || _minIntervalMs > 0;

        /// <summary>Whether to forward a sample observed at observedMs.</summary>
        public bool Forward(string node, Sample sample, long observedMs)
        {
            if (!Enabled)
            {
                return true;
            }

            NodeState? last = _pending.TryGetValue(node, out var p) ? p : _state.TryGetValue(node, out var s) ? s : null;
            bool forward = last == null || Changed(last, sample) || observedMs - last.AtMs >= _heartbeatMs;
            if (last != null && observedMs - last.AtMs < _minIntervalMs)
            {
                forward = false;
            }

            if (forward)
            {
                var values = new double[Fields.Count];
                for (int field = 0; field < Fields.Count; field++)
                {
                    values[field] = sample.Has(field) ? sample.GetValue(field) : double.NaN;
                }

                _pending[node] = new NodeState(observedMs, values);
            }

            return forward;
        }

        public void Commit()
        {
            foreach (var (node, state) in _pending)
            {
                _state[node] = state;
            }

            _pending.Clear();
        }

        public void Rollback() => _pending.Clear();

        private bool Changed(NodeState last, Sample sample)
        {
            for (int field = 0; field < Fields.Count; field++)
            {
                if (!sample.Has(field))
                {
                    continue;
                }

                double value = sample.GetValue(field);
                if (double.IsNaN(last.Values[field]))
                {
                    return true;
                }

                if (field == Fields.Presence || field == Fields.MotionCount)
                {
                    if (value != last.Values[field] || value != 0)
                    {
                        return true;
                    }
                }
                else if (Math.Abs(value - last.Values[field]) > (_deadband.TryGetValue(field, out double band) ? band : 0))
                {
                    return true;
                }
            }

            return false;
        }

        private sealed record NodeState(long AtMs, double[] Values);
    }
}
